/**
 * The errors that carry a server's refusal to the UI. They live apart from the code that throws them
 * (api.ts, join-room.ts: Socket.IO and zod, loaded after hydration) so that the forms can tell a
 * refusal from a failure without loading that code first.
 */
import type { ApiError } from "../protocol";

/** An HTTP request the server refused, or one that never reached it ("internal"). */
export class ApiRequestError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Opening a room session was refused (room_not_found, name_taken, ...) or the server was unreachable. */
export class JoinRefusedError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}
