/** Test data shared by the unit and scale tests. */
import type { Limits } from "@/lib/config";
import type { Message, RoomState } from "@/lib/protocol";

/** Limits low enough to reach in a few calls, for the rate-limit tests of every backend. */
export const TIGHT_LIMITS: Limits = {
  connectionsPerIp: 50,
  connectionsPerRoom: 200,
  messagesPer10s: 3,
  messageBurstPerMinute: 2,
  changesPer10s: 3,
  floodDisconnectAfter: 2,
  roomsPerHour: 2,
  joinsPerMinute: 2,
  badCodesPer10Min: 3,
  passphraseMissesPer10Min: 3,
  passphraseMissesPerRoomPer10Min: 5,
  ownerActionsPerMinute: 3,
  historyPagesPer10s: 3,
  historyPagesPerMinutePerAddress: 4,
  addressKbPerMinute: 4,
  membersPerRoom: 3,
};

/** A stored message with the given seq; id and clientId derive from it unless given. */
export function storedMessage(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `id-${seq}`,
    seq,
    roomCode: "ABCDEFGHJ",
    clientId: `c-${seq}`,
    author: { id: "a0a0a0a0a0a0a0a0", name: "Ana" },
    text: `text ${seq}`,
    createdAt: "2026-01-01T00:00:00.000Z",
    version: 0,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    ...overrides,
  };
}

/** A room's state as a snapshot carries it: no owner yet, open, the default lifetime. */
export function roomState(overrides: Partial<RoomState> = {}): RoomState {
  return { owner: null, locked: false, hasPassphrase: false, lifetimeHours: 168, expiresAt: "2026-01-08T00:00:00.000Z", kicked: [], ...overrides };
}
