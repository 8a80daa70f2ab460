/**
 * Versioned migrations, applied in name order at start-up. Add a file, then list it here: bundlers and
 * the compiled server cannot scan a folder at run time, so the list is explicit.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_rooms_and_messages";
import * as m0002 from "./0002_send_key_led_by_client_id";
import * as m0003 from "./0003_quotas_retention_and_names";
import * as m0004 from "./0004_storage_probe";
import * as m0005 from "./0005_message_changes";
import * as m0006 from "./0006_present_members";
import * as m0007 from "./0007_room_control";

const migrations: Record<string, Migration> = {
  "0001_rooms_and_messages": m0001,
  "0002_send_key_led_by_client_id": m0002,
  "0003_quotas_retention_and_names": m0003,
  "0004_storage_probe": m0004,
  "0005_message_changes": m0005,
  "0006_present_members": m0006,
  "0007_room_control": m0007,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
