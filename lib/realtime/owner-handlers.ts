/**
 * The owner's actions (docs/protocol.md#rooms-owner-lock-passphrase-lifetime): validate -> rate limit -> act
 * (lib/rooms/room-owner.ts decides, and refuses forbidden to anyone but the owner) -> ack with the
 * room's new state -> tell the room (room:updated with the action, for its notice). A kick and an end
 * also disconnect whom they concern, on every instance: each connection is in its member's own room
 * (memberRoom) as well as the chat room, and io.in() reaches both through the adapter.
 */
import type { ZodMiniType } from "zod/mini";
import { EmptyInputSchema, KickInputSchema, LifetimeInputSchema, LockInputSchema, PassphraseInputSchema, firstIssue, type ApiError, type RoomState } from "../protocol";
import type { RoomLifetimeHours } from "../protocol-rules";
import { DomainError } from "../errors";
import type { ActionResult } from "../rooms/room-owner";
import type { Author } from "../rooms/room-service";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

/** The Socket.IO room of one member's connections in one chat room. The "/" keeps it apart from room codes. */
export function memberRoom(code: string, memberId: string): string {
  return `${code}/${memberId}`;
}

const KICKED: ApiError = { code: "kicked", message: "The room's owner removed you from this room." };
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

  /** Ends this member's connections everywhere, with the reason first (a client does not reconnect after it). */
  const endMember = (target: string, reason: ApiError) => {
    io.in(memberRoom(roomCode, target)).emit("session:ended", reason);
    io.in(memberRoom(roomCode, target)).disconnectSockets(true);
  };

  /** Registers an owner action whose result the room is told of. */
  function action<T>(event: "room:kick" | "room:unkick" | "room:lock" | "room:passphrase" | "room:transfer" | "room:lifetime", schema: ZodMiniType<T>, act: (input: T) => Promise<ActionResult>) {
    socket.on(event, (...args: unknown[]) => {
      const { payload, ack } = splitArgs<RoomState>(args);
      void respond<ActionResult>(
        (result) => ack?.(result.ok ? { ok: true, data: result.data.room } : result),
        log,
        async () => {
          if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
          const input = parse(schema, payload);
          await deps.limits.ownerAction(roomCode, memberId);
          return drain.track(act(input));
        },
      ).then((done) => {
        if (done === undefined) return;
        io.to(roomCode).emit("room:updated", { room: done.room, action: done.action });
        if (done.removed !== undefined) endMember(done.removed, KICKED);
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
    void respond(ack, log, async () => {
      parse(EmptyInputSchema, payload ?? {});
      await deps.limits.ownerAction(roomCode, memberId);
      return { ownerKey: await deps.owner.reissueKey(author) };
    });
  });

  socket.on("room:end", (...args: unknown[]) => {
    const { payload, ack } = splitArgs<null>(args);
    void respond(ack, log, async () => {
      if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
      parse(EmptyInputSchema, payload ?? {});
      await deps.limits.ownerAction(roomCode, memberId);
      await drain.track(deps.owner.end(author));
      return null;
    }).then((result) => {
      if (result === undefined) return;
      // After the ack, which the owner's connection is about to lose with the others.
      io.in(roomCode).emit("session:ended", ENDED);
      io.in(roomCode).disconnectSockets(true);
    });
  });

  void (async () => {
    await socket.join(memberRoom(roomCode, memberId));
    // A kick that crossed this join (checked before the kick was stored) still ends it.
    if (await deps.access.isKicked(roomCode, memberId)) {
      socket.emit("session:ended", KICKED);
      socket.disconnect(true);
      return;
    }
    // The owner came with its key: everyone's badge moves to it.
    if (ctx.ownerClaims.has(socket)) io.to(roomCode).emit("room:updated", { room: await deps.owner.state(roomCode) });
  })().catch((error: unknown) => log.error({ err: error }, "could not check the member's kick"));
}
