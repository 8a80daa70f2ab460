/**
 * The rules of a change to a stored message, apart from how it is stored: both backends read the
 * message, ask decideChange what to do, and write what it says in the transaction that gives the
 * change its number. A change that would leave the message as it is changes nothing (a retried edit,
 * a reaction added twice, a second delete): the same final state, no new version.
 */
import { REACTIONS_PER_MESSAGE_MAX } from "../protocol-rules";
import { parseReactions, textBytes, type MessageRow, type StoredReaction } from "./message-rows";

interface ChangeBase {
  roomCode: string;
  messageId: string;
  /** Who asks: the member's server-side identity (never a name). */
  memberId: string;
  at: Date;
}

export type ChangeInput =
  | (ChangeBase & { kind: "edit"; text: string })
  | (ChangeBase & { kind: "delete" })
  | (ChangeBase & { kind: "react"; name: string; emoji: string; add: boolean });

export type ChangeRefusal = "message_not_found" | "forbidden" | "too_many_reactions" | "quota_exceeded";

/**
 * What a message's reactions count against its room's quota and the server's, like its text: the bytes
 * of their stored JSON. Member tokens cost nothing to make, so reactions must count: without it, many
 * members reacting to many small messages could store far more than ROOM_STORAGE_MB.
 */
export function reactionBytes(json: string): number {
  return json === "[]" ? 0 : textBytes(json);
}

/** The message's state after a change, and how many bytes the room gained (negative: freed). */
export type ChangeOutcome<M> = { message: M; changed: boolean; bytesDelta: number } | ChangeRefusal;

/** The columns a change reads and may write. */
export type ChangeableRow = Pick<MessageRow, "room_code" | "author_id" | "text" | "edited_at" | "deleted_at" | "reactions">;
export type ChangedColumns = Pick<MessageRow, "text" | "edited_at" | "deleted_at" | "reactions">;

export type Decision = { kind: "unchanged" } | { kind: "refused"; reason: ChangeRefusal } | { kind: "update"; set: ChangedColumns; bytesDelta: number };

const UNCHANGED: Decision = { kind: "unchanged" };
const refused = (reason: ChangeRefusal): Decision => ({ kind: "refused", reason });

export function decideChange(current: ChangeableRow | undefined, change: ChangeInput): Decision {
  // An id from another room is as unknown as one that never existed: nothing tells them apart.
  if (current === undefined || current.room_code !== change.roomCode) return refused("message_not_found");
  const at = change.at.toISOString();
  switch (change.kind) {
    case "edit":
      if (current.deleted_at !== null) return refused("message_not_found");
      if (current.author_id !== change.memberId) return refused("forbidden");
      if (current.text === change.text) return UNCHANGED;
      return { kind: "update", set: { ...columns(current), text: change.text, edited_at: at }, bytesDelta: textBytes(change.text) - textBytes(current.text) };
    case "delete":
      if (current.author_id !== change.memberId) return refused("forbidden");
      if (current.deleted_at !== null) return UNCHANGED;
      // The text and the reactions go from storage, not just from view.
      return { kind: "update", set: { ...columns(current), text: "", deleted_at: at, reactions: "[]" }, bytesDelta: -textBytes(current.text) - reactionBytes(current.reactions) };
    case "react": {
      if (current.deleted_at !== null) return refused("message_not_found");
      const reactions = toggled(parseReactions(current.reactions), change);
      if (typeof reactions === "string") return reactions === "unchanged" ? UNCHANGED : refused(reactions);
      const json = JSON.stringify(reactions);
      return { kind: "update", set: { ...columns(current), reactions: json }, bytesDelta: reactionBytes(json) - reactionBytes(current.reactions) };
    }
  }
}

function columns(row: ChangeableRow): ChangedColumns {
  return { text: row.text, edited_at: row.edited_at, deleted_at: row.deleted_at, reactions: row.reactions };
}

/** The reactions with the member's emoji added or removed, or why not. */
function toggled(reactions: StoredReaction[], change: ChangeInput & { kind: "react" }): StoredReaction[] | "unchanged" | "too_many_reactions" {
  const entry = reactions.find((reaction) => reaction.emoji === change.emoji);
  const holds = entry?.by.some((member) => member.id === change.memberId) ?? false;
  if (holds === change.add) return "unchanged";
  if (!change.add) {
    return reactions
      .map((reaction) => (reaction === entry ? { ...reaction, by: reaction.by.filter((member) => member.id !== change.memberId) } : reaction))
      .filter((reaction) => reaction.by.length > 0);
  }
  const by = { id: change.memberId, name: change.name };
  if (entry !== undefined) return reactions.map((reaction) => (reaction === entry ? { ...reaction, by: [...reaction.by, by] } : reaction));
  if (reactions.length >= REACTIONS_PER_MESSAGE_MAX) return "too_many_reactions";
  return [...reactions, { emoji: change.emoji, by: [by] }];
}
