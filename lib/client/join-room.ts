/** Opens a session for (code, name) and registers it, or throws the server's refusal. */
import type { ApiError } from "../protocol";
import { memberToken, saveName } from "./identity";
import { RoomSession } from "./room-session";
import { registerSession } from "./session-registry";

export class JoinRefusedError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export async function joinRoom(code: string, name: string): Promise<RoomSession> {
  const session = new RoomSession({ code, name, memberToken: memberToken() });
  try {
    await session.open();
  } catch (error) {
    session.close();
    throw new JoinRefusedError(error as ApiError);
  }
  saveName(name);
  registerSession(session);
  return session;
}
