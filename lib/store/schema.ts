/** Kysely's view of the tables. Column names are snake_case; rows never leave lib/store. */
import type { Generated } from "kysely";

export interface RoomsTable {
  code: string;
  created_at: string;
  last_seq: Generated<number>;
}

export interface MessagesTable {
  id: string;
  room_code: string;
  seq: number;
  author_id: string;
  author_name: string;
  client_id: string;
  text: string;
  created_at: string;
}

/** Written to only by readiness while writes fail, and always empty (migration 0003). */
export interface StorageProbeTable {
  id: string;
  filler: string;
}

export interface Database {
  rooms: RoomsTable;
  messages: MessagesTable;
  storage_probe: StorageProbeTable;
}
