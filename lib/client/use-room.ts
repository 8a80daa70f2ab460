"use client";
/** React binding for a RoomSession: re-renders on every state change, with no copies of the state. */
import { useSyncExternalStore } from "react";
import type { RoomSession, RoomState } from "./room-session";

export function useRoomState(session: RoomSession): RoomState {
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}
