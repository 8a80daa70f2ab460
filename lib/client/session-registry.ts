/**
 * Keeps a room session alive across a client-side navigation: the home page opens it (so that a
 * refusal such as name_taken shows on the form), the room page adopts it. A session nobody holds is
 * closed after a grace period, which also absorbs React StrictMode's mount-unmount-mount in dev.
 */
import type { RoomSession } from "./room-session";

const UNUSED_GRACE_MS = 10_000;

interface Entry {
  session: RoomSession;
  holders: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

const entries = new Map<string, Entry>();

/** Takes a hold on the open session for `code`, if there is one. */
export function acquireSession(code: string): RoomSession | null {
  const entry = entries.get(code);
  if (entry === undefined || entry.session.getSnapshot().status === "closed") return null;
  if (entry.closeTimer !== null) clearTimeout(entry.closeTimer);
  entry.closeTimer = null;
  entry.holders += 1;
  return entry.session;
}

/** Registers a freshly opened session, held once by the caller. Replaces (and closes) an older one. */
export function registerSession(session: RoomSession): void {
  const previous = entries.get(session.code);
  if (previous !== undefined && previous.session !== session) {
    if (previous.closeTimer !== null) clearTimeout(previous.closeTimer);
    previous.session.close();
  }
  entries.set(session.code, { session, holders: 1, closeTimer: null });
}

export function releaseSession(session: RoomSession): void {
  const entry = entries.get(session.code);
  if (entry === undefined || entry.session !== session) return;
  entry.holders = Math.max(0, entry.holders - 1);
  if (entry.holders > 0 || entry.closeTimer !== null) return;
  entry.closeTimer = setTimeout(() => {
    entries.delete(session.code);
    session.close();
  }, UNUSED_GRACE_MS);
}

/** Forgets and closes the session at once (after Leave). */
export function dropSession(session: RoomSession): void {
  const entry = entries.get(session.code);
  if (entry?.session === session) {
    if (entry.closeTimer !== null) clearTimeout(entry.closeTimer);
    entries.delete(session.code);
  }
  session.close();
}
