import type { Logger } from "pino";
import { isDomainError } from "../errors";
import type { ChatSocket, HandlerContext } from "./types";

/**
 * Returns what a handler passes its refusals through: the refusal goes on to the client, and a
 * connection that keeps hitting limits (sending, changing or reading) is disconnected.
 */
export function floodGuard(ctx: HandlerContext, socket: ChatSocket, log: Logger): (error: unknown) => Promise<never> {
  return async (error) => {
    if (isDomainError(error) && error.code === "rate_limited" && (await ctx.deps.limits.floodStrike(socket.id))) {
      log.warn("disconnecting a flooding member");
      const reason = { code: "rate_limited" as const, message: "You were disconnected for sending too many requests." };
      setImmediate(() => {
        socket.emit("session:ended", reason);
        socket.disconnect();
        // Cut the transport too, once the packets above had time to leave.
        setTimeout(() => socket.conn.close(), 1_000).unref();
      });
    }
    throw error;
  };
}
