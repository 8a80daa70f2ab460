/**
 * Sending and catching up (new messages by seq, changes by version). Each handler follows one order: validate -> domain call -> ack the
 * sender -> emit to the room. A send is acknowledged only once the message is durably stored.
 */
import { CatchUpSchema, ChangesSinceSchema, SendMessageSchema, firstIssue, type Ack, type CatchUpPage, type ChangesPage, type Message } from "../protocol";
import { DomainError } from "../errors";
import { floodGuard } from "./flood-guard";
import { createOutputGate } from "./output-gate";
import { answerError, respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

export function registerMessageHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { io, deps, drain } = ctx;
  const { roomCode, memberId, name, address } = socket.data;
  const author = { roomCode, memberId, name };
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });
  const output = createOutputGate(socket);

  const refused = floodGuard(ctx, socket, log);

  /**
   * Written as one chain of callbacks rather than async functions: this runs for every message, and
   * every promise costs more than it seems here. Next.js enables its AsyncLocalStorage instances on the
   * first page it serves, and on Node 20 each of them then runs a hook for every promise and every
   * await the process creates. Counted over a writes benchmark, the server made 21 promises per
   * message with async functions here, and makes 14 with this (docs/performance.md).
   */
  socket.on("message:send", (...args: unknown[]) => {
    const receivedAt = performance.now();
    const { payload: input, ack } = splitArgs<Message>(args);
    const failed = (error: unknown) => {
      answerError(ack, log, error);
      deps.metrics.ackSent(receivedAt, "error");
    };
    if (drain.draining) return failed(new DomainError("unavailable", "The server is restarting; send again after reconnecting."));
    const parsed = SendMessageSchema.safeParse(input);
    if (!parsed.success) return failed(new DomainError("invalid_payload", firstIssue(parsed.error)));
    // Tracked from the limit check on, so that a shutdown waits for a send that passed it.
    const { text } = parsed.data;
    const stored = drain.track(deps.limits.message(roomCode, memberId, address, Buffer.byteLength(text, "utf8")).then(() => deps.rooms.postMessage(author, parsed.data), refused));
    stored.then(({ message, created }) => {
      try {
        ack?.({ ok: true, data: message });
        deps.metrics.ackSent(receivedAt, "ok");
        if (created) deps.metrics.messageStored();
        // A retried send is broadcast again: its first attempt may have been stored and never broadcast
        // (the instance died between the commit and the emit). Clients drop a message whose id they have.
        io.to(roomCode).emit("message:created", message);
      } catch (error) {
        log.error({ err: error }, "answering a stored message failed");
      }
    }, failed);
  });

  /**
   * Catch-up pages are the heaviest answers a client can ask for: each is rate-limited (per connection
   * and per address), capped in bytes, and answered only once the previous one has left the server
   * (output-gate.ts), so a client that asks in a loop without reading cannot make the server buffer
   * what it will not read.
   */
  function catchUpPage<T>(ack: ((result: Ack<T>) => void) | undefined, read: () => Promise<T>): void {
    void respond<T>(ack, log, async () => {
      await output.claim().catch(refused);
      try {
        await deps.limits.historyPage(socket.id, address).catch(refused);
        return await read();
      } finally {
        output.releaseAfterWrite();
      }
    });
  }

  socket.on("messages:since", (...args: unknown[]) => {
    const { payload, ack } = splitArgs<CatchUpPage>(args);
    const parsed = CatchUpSchema.safeParse(payload);
    if (!parsed.success) return answerError(ack, log, new DomainError("invalid_payload", firstIssue(parsed.error)));
    catchUpPage(ack, () => deps.rooms.messagesAfter(roomCode, parsed.data.afterSeq, parsed.data.limit));
  });

  socket.on("changes:since", (...args: unknown[]) => {
    const { payload, ack } = splitArgs<ChangesPage>(args);
    const parsed = ChangesSinceSchema.safeParse(payload);
    if (!parsed.success) return answerError(ack, log, new DomainError("invalid_payload", firstIssue(parsed.error)));
    catchUpPage(ack, () => deps.rooms.changesAfter(roomCode, parsed.data.afterVersion, parsed.data.limit));
  });
}
