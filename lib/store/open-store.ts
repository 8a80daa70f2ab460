import type { DatabaseLocation } from "../config";
import { openPostgresStore } from "./postgres";
import { openSqliteStore } from "./sqlite";
import type { ChatStore } from "./types";

export interface OpenStoreOptions {
  /** The most message text one room may hold (ROOM_STORAGE_MB); appends past it are refused. */
  roomQuotaBytes: number;
  /** Connection trouble the store recovered from by itself, for the log. */
  onConnectionError?: (error: Error) => void;
}

/** Chooses the backend named by DATABASE_URL. */
export function openStore(location: DatabaseLocation, options: OpenStoreOptions): Promise<ChatStore> {
  switch (location.kind) {
    case "sqlite":
      return openSqliteStore(location.file, { roomQuotaBytes: options.roomQuotaBytes, maxBytes: location.maxBytes });
    case "postgres":
      return openPostgresStore({ url: location.url, poolSize: location.poolSize, ...options });
  }
}
