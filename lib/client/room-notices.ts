/** What the room is told of its owner's actions and its lifetime, in words (issue 19). */
import type { RoomAction } from "../protocol";

/** "1 hour", "1 day", "7 days", "30 days": the lifetimes a room is offered (ROOM_LIFETIME_HOURS). */
export function lifetimeWords(hours: number): string {
  const [count, unit] = hours % 24 === 0 ? [hours / 24, "day"] : [hours, "hour"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** The sentence every room shows about how long it is kept. */
export function lifetimeSentence(hours: number): string {
  return `This room and its history are deleted ${lifetimeWords(hours)} after the last message`;
}

/** The timeline's notice for an owner's action: "Ana locked the room". */
export function roomActionText(action: RoomAction): string {
  switch (action.kind) {
    case "kicked":
      return `${action.by} removed ${action.name} from the room`;
    case "unkicked":
      return `${action.by} let ${action.name} back in`;
    case "transferred":
      return `${action.by} made ${action.name} the owner`;
    case "locked":
      return `${action.by} locked the room`;
    case "unlocked":
      return `${action.by} unlocked the room`;
    case "passphrase_set":
      return `${action.by} set a passphrase`;
    case "passphrase_cleared":
      return `${action.by} removed the passphrase`;
    case "lifetime":
      return `${action.by} changed the room's lifetime to ${lifetimeWords(action.lifetimeHours)}`;
  }
}
