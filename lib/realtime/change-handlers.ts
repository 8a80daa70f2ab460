/**
 * Edits, deletions and reactions (the change feed they make is read in message-handlers.ts, beside
 * messages:since: both are catch-up reads paced by one output gate). Each change follows the send's
 * order: validate -> rate limit -> store (durably, with the room's next change number) -> ack the
 * member -> emit message:updated to the room. A change that finds its message already in the asked
 * state (a retry) is answered and broadcast like a new one: its first attempt may have been stored and
 * never broadcast (an instance that died in between), and clients keep the copy with the higher version.
 */
import { DeleteMessageSchema, EditMessageSchema, ReactionSchema, firstIssue, type Message } from "../protocol";
import { DomainError } from "../errors";
import type { ChangeRequest } from "../rooms/room-service";
import { floodGuard } from "./flood-guard";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

/** A change's payload, validated: what it asks for, and the text it brings (counted against the address's budget). */
type Parsed = { ok: true; request: ChangeRequest; text: string } | { ok: false; message: string };

function parsedWith<T>(result: { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } }, toRequest: (data: T) => ChangeRequest): Parsed {
  if (!result.success) return { ok: false, message: firstIssue(result.error) };
  const request = toRequest(result.data);
  return { ok: true, request, text: request.kind === "edit" ? request.text : "" };
}

const CHANGE_EVENTS = {
  "message:edit": (payload: unknown) => parsedWith(EditMessageSchema.safeParse(payload), ({ id, text }) => ({ kind: "edit", messageId: id, text })),
  "message:delete": (payload: unknown) => parsedWith(DeleteMessageSchema.safeParse(payload), ({ id }) => ({ kind: "delete", messageId: id })),
  "reaction:add": (payload: unknown) => parsedWith(ReactionSchema.safeParse(payload), ({ messageId, emoji }) => ({ kind: "react", messageId, emoji, add: true })),
  "reaction:remove": (payload: unknown) => parsedWith(ReactionSchema.safeParse(payload), ({ messageId, emoji }) => ({ kind: "react", messageId, emoji, add: false })),
} as const;

export function registerChangeHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { io, deps, drain } = ctx;
  const { roomCode, memberId, name, address } = socket.data;
  const author = { roomCode, memberId, name };
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });
  const refused = floodGuard(ctx, socket, log);

  for (const [event, parse] of Object.entries(CHANGE_EVENTS)) {
    socket.on(event as keyof typeof CHANGE_EVENTS, (...args: unknown[]) => {
      const { payload, ack } = splitArgs<Message>(args);
      void respond<Message>(ack, log, async () => {
        if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
        const parsed = parse(payload);
        if (!parsed.ok) throw new DomainError("invalid_payload", parsed.message);
        // Tracked from the limit check on, so that a shutdown waits for a change that passed it.
        const { message, changed } = await drain.track(
          deps.limits
            .change(roomCode, memberId, address, Buffer.byteLength(parsed.text, "utf8"))
            .then(() => deps.rooms.changeMessage(author, parsed.request), refused),
        );
        if (changed) deps.metrics.messageChanged();
        return message;
      }).then((message) => {
        if (message !== undefined) io.to(roomCode).emit("message:updated", message);
      });
    });
  }
}
