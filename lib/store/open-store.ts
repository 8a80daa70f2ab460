import type { DatabaseLocation } from "../config";
import { openSqliteStore } from "./sqlite";
import type { ChatStore } from "./types";

/** Chooses the backend named by DATABASE_URL. */
export function openStore(location: DatabaseLocation): Promise<ChatStore> {
  switch (location.kind) {
    case "sqlite":
      return openSqliteStore(location.file);
  }
}
