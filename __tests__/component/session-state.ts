/** What the room page reads from a session, for the component tests that fake one. */
import type { RoomState } from "@/lib/client/room-session";

/** Bea, connected to a room with Ana and no messages yet; `overrides` change what a test needs. */
export function connectedState(overrides: Partial<RoomState> = {}): RoomState {
  return {
    status: "connected",
    retry: null,
    refusal: null,
    you: { id: "b0b0b0b0b0b0b0b0", name: "Bea" },
    members: [{ name: "Ana" }, { name: "Bea" }],
    messages: [],
    notices: [],
    outbox: [],
    hasOlder: false,
    loadingOlder: false,
    room: null,
    ...overrides,
  };
}
