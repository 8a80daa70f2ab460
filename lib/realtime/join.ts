/**
 * The handshake: a socket is admitted to a room only with a valid name, an existing room and a name
 * nobody else holds there. A refusal reaches the client as connect_error with message = error code
 * and data = { code, message } (https://socket.io/docs/v4/middlewares/#handling-middleware-error).
 */
import type { ExtendedError } from "socket.io";
import { JoinAuthSchema, firstIssue, type ErrorCode } from "../protocol";
import { isDomainError } from "../rooms/errors";
import { memberIdFromToken } from "../rooms/identity";
import { departAfter } from "./presence-handlers";
import type { ChatSocket, HandlerContext } from "./types";

function refusal(code: ErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(code);
  error.data = { code, message };
  return error;
}

function authRefusal(path: PropertyKey | undefined, message: string): ExtendedError {
  if (path === "code") return refusal("room_not_found", "There is no room with that code.");
  if (path === "name") return refusal("invalid_name", message);
  return refusal("invalid_payload", "The connection request is malformed.");
}

export function joinMiddleware(ctx: HandlerContext) {
  const { deps, arrivals, admitted } = ctx;
  const { rooms, presence, logger } = deps;
  return async (socket: ChatSocket, next: (error?: ExtendedError) => void): Promise<void> => {
    try {
      const parsed = JoinAuthSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return next(authRefusal(issue?.path[0], firstIssue(parsed.error)));
      }
      const { code, name, memberToken } = parsed.data;
      await rooms.requireRoom(code);

      const memberId = memberIdFromToken(memberToken);
      const claim = await presence.claim(code, name, memberId, socket.id);
      if (!claim.ok) return next(refusal("name_taken", "Someone in this room already uses that name."));

      // The claimed spelling wins: a member who reconnects as "ana" stays "Ana".
      socket.data = { roomCode: code, memberId, name: claim.member.name };
      if (claim.arrived) arrivals.add(socket);
      // If the client vanishes between here and "connection", no disconnect event will ever fire.
      socket.conn.once("close", () => {
        if (admitted.has(socket)) return;
        void (async () => {
          const released = await presence.release(code, socket.id);
          if (!released?.lastConnection) return;
          // A newcomer was never announced, so it leaves silently; a returning member gets the usual grace.
          if (claim.arrived) await presence.depart(code, released.member.name);
          else departAfter(ctx, code, released.member.name, deps.presenceGraceMs);
        })().catch((error: unknown) => logger.error({ err: error, socketId: socket.id }, "release failed"));
      });
      next();
    } catch (error) {
      if (isDomainError(error)) return next(refusal(error.code, error.message));
      logger.error({ err: error, socketId: socket.id }, "join failed");
      next(refusal("internal", "The server could not admit you. Try again."));
    }
  };
}
