/**
 * Sending and catching up. Each handler follows one order: validate -> domain call -> ack the
 * sender -> emit to the room. A send is acknowledged only once the message is durably stored.
 */
import { CatchUpSchema, SendMessageSchema, firstIssue, type CatchUpPage, type Message } from "../protocol";
import { DomainError, isDomainError } from "../rooms/errors";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

export function registerMessageHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { io, deps, drain } = ctx;
  const { roomCode, memberId, name } = socket.data;
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });

  /** Passes a rate-limit refusal on; a connection that keeps hitting the limit is disconnected. */
  async function throttled(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (isDomainError(error) && error.code === "rate_limited" && (await deps.limits.floodStrike(socket.id))) {
        log.warn("disconnecting a flooding member");
        const reason = { code: "rate_limited" as const, message: "You were disconnected for sending too many messages." };
        setImmediate(() => {
          socket.emit("session:ended", reason);
          socket.disconnect();
          // Cut the transport too, once the packets above had time to leave.
          setTimeout(() => socket.conn.close(), 1_000).unref();
        });
      }
      throw error;
    }
  }

  socket.on("message:send", (...args: unknown[]) => {
    const receivedAt = performance.now();
    const { payload: input, ack } = splitArgs<Message>(args);
    let created = false;
    const store = async (): Promise<Message> => {
      if (drain.draining) throw new DomainError("unavailable", "The server is restarting; send again after reconnecting.");
      const parsed = SendMessageSchema.safeParse(input);
      if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
      await throttled(() => deps.limits.message(roomCode, memberId));
      const result = await drain.track(deps.rooms.postMessage({ roomCode, memberId, name }, parsed.data));
      created = result.created;
      return result.message;
    };
    void respond(ack, log, store).then((message) => {
      deps.metrics.ackSent(receivedAt, message === undefined ? "error" : "ok");
      if (message === undefined) return;
      if (created) deps.metrics.messageStored();
      // A retried send is broadcast again: its first attempt may have been stored and never broadcast
      // (the instance died between the commit and the emit). Clients drop a message whose id they have.
      io.to(roomCode).emit("message:created", message);
    });
  });

  socket.on("messages:since", (...args: unknown[]) => {
    const { payload: input, ack } = splitArgs<CatchUpPage>(args);
    void respond<CatchUpPage>(ack, log, async () => {
      const parsed = CatchUpSchema.safeParse(input);
      if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
      return deps.rooms.messagesAfter(roomCode, parsed.data.afterSeq, parsed.data.limit);
    });
  });
}
