/** Opens a session for (code, name) and registers it, or throws the server's refusal. */
import type { ApiError } from "../protocol";
import { saveName } from "./identity";
import { memberToken } from "./member-token";
import { JoinRefusedError } from "./refusals";
import { RoomSession } from "./room-session";
import { registerSession } from "./session-registry";

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
