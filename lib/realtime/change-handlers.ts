/**
 * Edits, deletions and reactions (the change feed they make is read in message-handlers.ts). Each change follows the send's order:
 * validate -> rate limit -> store (durably, with the room's next change number) -> ack the member ->
 * emit message:updated to the room. A change that finds its message already in the asked state (a
 * retry) is answered and broadcast like a new one: its first attempt may have been stored and never
 * broadcast (an instance that died in between), and clients keep the copy with the higher version.
 */
import type * as z from "zod/mini";
import { DeleteMessageSchema, EditMessageSchema, ReactionSchema, firstIssue, type ClientToServerEvents, type Message } from "../protocol";
import { DomainError } from "../errors";
import type { ChangeRequest } from "../rooms/room-service";
import { floodGuard } from "./flood-guard";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

type ChangeEvent = "message:edit" | "message:delete" | "reaction:add" | "reaction:remove";

/** Each change event: its payload's schema and the change it asks for. */
const CHANGES: { [E in ChangeEvent]: { schema: z.ZodMiniType<unknown, Parameters<ClientToServerEvents[E]>[0]>; request: (input: never) => ChangeRequest } } = {
  "message:edit": { schema: EditMessageSchema, request: (input: z.output<typeof EditMessageSchema>) => ({ kind: "edit", messageId: input.id, text: input.text }) },
  "message:delete": { schema: DeleteMessageSchema, request: (input: z.output<typeof DeleteMessageSchema>) => ({ kind: "delete", messageId: input.id }) },
  "reaction:add": { schema: ReactionSchema, request: (input: z.output<typeof ReactionSchema>) => ({ kind: "react", messageId: input.messageId, emoji: input.emoji, add: true }) },
  "reaction:remove": { schema: ReactionSchema, request: (input: z.output<typeof ReactionSchema>) => ({ kind: "react", messageId: input.messageId, emoji: input.emoji, add: false }) },
};

export function registerChangeHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { io, deps, drain } = ctx;
  const { roomCode, memberId, name, address } = socket.data;
  const author = { roomCode, memberId, name };
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });
  const refused = floodGuard(ctx, socket, log);

  for (const [event, { schema, request }] of Object.entries(CHANGES) as Array<[ChangeEvent, (typeof CHANGES)[ChangeEvent]]>) {
    socket.on(event, (...args: unknown[]) => {
      const { payload, ack } = splitArgs<Message>(args);
      void respond<Message>(ack, log, async () => {
        if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
        const parsed = schema.safeParse(payload);
        if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
        // Tracked from the limit check on, so that a shutdown waits for a change that passed it.
        const data = parsed.data as Record<string, unknown>;
        const textBytes = typeof data.text === "string" ? Buffer.byteLength(data.text, "utf8") : 0;
        const { message, changed } = await drain.track(
          deps.limits.change(roomCode, memberId, address, textBytes).then(() => deps.rooms.changeMessage(author, request(parsed.data as never)), refused),
        );
        if (changed) deps.metrics.messageChanged();
        return message;
      }).then((message) => {
        if (message !== undefined) io.to(roomCode).emit("message:updated", message);
      });
    });
  }

}
