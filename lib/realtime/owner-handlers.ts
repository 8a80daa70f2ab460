/**
 * The owner's actions (docs/protocol.md#rooms-owner-lock-passphrase-lifetime): validate -> rate limit -> act
 * (lib/rooms/room-owner.ts decides, and refuses forbidden to anyone but the owner) -> ack with the
 * room's new state -> tell the room (room:updated with the action, for its notice). A kick and an end
 * also disconnect whom they concern, on every instance: each connection is in its member's own room
 * (lib/realtime/member-room.ts) as well as the chat room, and io.in() reaches both through the adapter.
 */
import type { ZodMiniType } from "zod/mini";
import { EmptyInputSchema, KickInputSchema, LifetimeInputSchema, LockInputSchema, PassphraseInputSchema, firstIssue, type Ack, type ApiError, type RoomState } from "../protocol";
import type { RoomLifetimeHours } from "../protocol-rules";
import { DomainError } from "../errors";
import type { ActionResult } from "../rooms/room-owner";
import type { Author } from "../rooms/room-service";
import { KICKED, memberRoom } from "./member-room";
import { departAfter } from "./presence-handlers";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

const ENDED: ApiError = { code: "room_ended", message: "The room's owner ended this room; it and its messages are deleted." };

function parse<T>(schema: ZodMiniType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
  return parsed.data;
}

export function registerOwnerHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { io, deps, drain } = ctx;
  const { roomCode, memberId, name } = socket.data;
  const author: Author = { roomCode, memberId, name };
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });

  /** Every owner action: refused while the server drains, validated, limited, and tracked so a shutdown waits for it. */
  async function guarded<I, R>(schema: ZodMiniType<I>, payload: unknown, act: (input: I) => Promise<R>): Promise<R> {
    if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
    const input = parse(schema, payload);
    await deps.limits.ownerAction(roomCode);
    return drain.track(act(input));
  }

  /** A kicked member's connections end everywhere, the reason first; one in its grace period leaves the list now. */
  function removed(target: string, targetName: string): void {
    io.in(memberRoom(roomCode, target)).emit("session:ended", KICKED);
    io.in(memberRoom(roomCode, target)).disconnectSockets(true);
    departAfter(ctx, roomCode, targetName, 0);
  }

  /** Registers an owner action whose result the room is told of. */
  function action<T>(event: "room:kick" | "room:unkick" | "room:lock" | "room:passphrase" | "room:transfer" | "room:lifetime", schema: ZodMiniType<T>, act: (input: T) => Promise<ActionResult>) {
    socket.on(event, (...args: unknown[]) => {
      const { payload, ack } = splitArgs<RoomState>(args);
      const answer = (result: Ack<ActionResult>) => ack?.(result.ok ? { ok: true, data: result.data.room } : result);
      void respond<ActionResult>(answer, log, () => guarded(schema, payload, act)).then((done) => {
        if (done === undefined) return;
        io.to(roomCode).emit("room:updated", { room: done.room, action: done.action });
        if (done.removed !== undefined && done.action.kind === "kicked") removed(done.removed, done.action.name);
      });
    });
  }

  action("room:kick", KickInputSchema, (input) => deps.owner.kick(author, input.name));
  action("room:unkick", KickInputSchema, (input) => deps.owner.unkick(author, input.name));
  action("room:lock", LockInputSchema, (input) => deps.owner.lock(author, input.locked));
  action("room:passphrase", PassphraseInputSchema, (input) => deps.owner.setPassphrase(author, input.passphrase));
  action("room:transfer", KickInputSchema, (input) => deps.owner.transfer(author, input.name));
  action("room:lifetime", LifetimeInputSchema, (input) => deps.owner.setLifetime(author, input.lifetimeHours as RoomLifetimeHours));

  socket.on("room:ownerKey", (...args: unknown[]) => {
    const { payload, ack } = splitArgs<{ ownerKey: string }>(args);
    void respond(ack, log, () => guarded(EmptyInputSchema, payload ?? {}, async () => ({ ownerKey: await deps.owner.reissueKey(author) })));
  });

  socket.on("room:end", (...args: unknown[]) => {
    const { payload, ack } = splitArgs<null>(args);
    void respond(ack, log, () => guarded(EmptyInputSchema, payload ?? {}, () => deps.owner.end(author).then(() => null))).then((result) => {
      if (result === undefined) return;
      // After the ack, which the owner's connection is about to lose with the others.
      io.in(roomCode).emit("session:ended", ENDED);
      io.in(roomCode).disconnectSockets(true);
    });
  });

  // The owner came with its key: everyone's badge moves to it.
  if (ctx.ownerClaims.has(socket)) {
    deps.owner.state(roomCode).then(
      (room) => io.to(roomCode).emit("room:updated", { room }),
      (error: unknown) => log.error({ err: error }, "could not tell the room its owner came"),
    );
  }
}
