/**
 * Versioned migrations, applied in name order at start-up. Add a file, then list it here: bundlers and
 * the compiled server cannot scan a folder at run time, so the list is explicit.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_rooms_and_messages";

const migrations: Record<string, Migration> = {
  "0001_rooms_and_messages": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
