/** Opens a session for (code, name) and registers it, or throws the server's refusal. */
import type { ApiError } from "../protocol";
import { saveName } from "./identity";
import { memberToken } from "./member-token";
import { JoinRefusedError } from "./refusals";
import { loadOwnerKey, loadPassphrase, savePassphrase } from "./room-keys";
import { RoomSession } from "./room-session";
import { registerSession } from "./session-registry";

/**
 * Joins with this browser's owner key for the room, if it holds one, and with `passphrase` (typed on
 * the join form) or else the one this tab kept. A passphrase the server refused is forgotten.
 */
export async function joinRoom(code: string, name: string, passphrase?: string): Promise<RoomSession> {
  const tried = passphrase ?? loadPassphrase(code) ?? undefined;
  const session = new RoomSession({ code, name, memberToken: memberToken(), ownerKey: loadOwnerKey(code) ?? undefined, passphrase: tried });
  try {
    await session.open();
  } catch (error) {
    session.close();
    const refusal = error as ApiError;
    if (refusal.code === "wrong_passphrase" || refusal.code === "passphrase_required") savePassphrase(code, null);
    throw new JoinRefusedError(refusal);
  }
  const throttled = session.getSnapshot().retry;
  if (passphrase !== undefined && throttled?.code === "rate_limited") {
    // Too many wrong passphrases: the form says how long to wait, rather than the session trying
    // the same (likely wrong) one again by itself when the wait ends.
    session.close();
    throw new JoinRefusedError({ code: "rate_limited", message: throttled.message, retryAfterMs: Math.max(0, throttled.at - Date.now()) });
  }
  if (tried !== undefined) savePassphrase(code, tried);
  saveName(name);
  registerSession(session);
  return session;
}
