/** Kysely's view of the tables. Column names are snake_case; rows never leave lib/store. */
import type { Generated } from "kysely";

export interface RoomsTable {
  code: string;
  created_at: string;
  last_seq: Generated<number>;
  /** UTF-8 bytes of message text stored in the room (the per-room quota counts these). */
  bytes: Generated<number>;
  /** The last message's time, or the room's creation: the retention sweep reads it. */
  last_active_at: string | null;
  /** Names reserved in the room (rows of members), for MAX_MEMBERS_PER_ROOM. */
  names: Generated<number>;
  /** The room's change counter: the last version an edit, deletion or reaction took (migration 0005). */
  last_change: Generated<number>;
  /** SHA-256 (hex) of the owner key; null for rooms made before owners existed (migration 0007). */
  owner_key_hash: string | null;
  /** The member identity that holds ownership; null until the owner first joins with the key. */
  owner_member_id: string | null;
  /** 1 while nobody new may join. */
  locked: Generated<number>;
  /** The passphrase's scrypt hash with its parameters and salt, or null. */
  passphrase_hash: string | null;
  /** How long the room lives after its last message: 1, 24, 168 or 720. */
  lifetime_hours: Generated<number>;
}

/** A member identity the owner removed from the room, with the name it had (migration 0007). */
export interface RoomKicksTable {
  room_code: string;
  member_id: string;
  name: string;
  kicked_at: string;
}

/** The code of a deleted room, not handed out again until a while after `retired_at` (migration 0007). */
export interface RetiredCodesTable {
  code: string;
  retired_at: string;
}

/** A name reserved in a room to the member who first used it, for the room's life. */
export interface MembersTable {
  room_code: string;
  name_key: string;
  member_id: string;
  name: string;
  created_at: string;
}

export interface MessagesTable {
  id: string;
  room_code: string;
  seq: number;
  author_id: string;
  author_name: string;
  client_id: string;
  /** "" once deleted. */
  text: string;
  created_at: string;
  /** The room's change number of the last change; 0 if never changed (migration 0005). */
  version: Generated<number>;
  edited_at: string | null;
  deleted_at: string | null;
  /** The id of the message this one answers. */
  reply_to: string | null;
  /** JSON: StoredReaction[] (message-rows.ts). */
  reactions: Generated<string>;
}

/** Written to only by readiness while writes fail, and always empty (migration 0003). */
export interface StorageProbeTable {
  id: string;
  filler: string;
}

/** Who was present in a room when the presence ledger last wrote (migration 0006). */
export interface PresentMembersTable {
  room_code: string;
  name_key: string;
  member_id: string;
  name: string;
}

export interface Database {
  rooms: RoomsTable;
  messages: MessagesTable;
  members: MembersTable;
  storage_probe: StorageProbeTable;
  present_members: PresentMembersTable;
  room_kicks: RoomKicksTable;
  retired_codes: RetiredCodesTable;
}
