/**
 * The owner's actions (docs/protocol.md#rooms-owner-lock-passphrase-lifetime): validate -> rate limit -> act
 * (lib/rooms/room-owner.ts decides, and refuses forbidden to anyone but the owner) -> ack with the
 * room's new state -> tell the room (room:updated with the action, for its notice). A kick and an end
 * also disconnect whom they concern, on every instance, through the adapter (lib/realtime/end-member.ts).
 *
 * The handlers are made once per server (createOwnerHandlers), not once per connection, and called
 * from the one catch-all listener each connection has (attach.ts, socket.onAny) with the connection as
 * `this`: eight listeners, their closures and a child logger per connection, for events most members
 * never send, cost memory the idle scenario measured (RSS per connection 23.8 KB with them, 20.3 KB
 * without; docs/performance.md).
 */
import type { ZodMiniType } from "zod/mini";
import { EmptyInputSchema, KickInputSchema, LifetimeInputSchema, LockInputSchema, PassphraseInputSchema, firstIssue, type Ack, type ApiError, type RoomState } from "../protocol";
import type { RoomLifetimeHours } from "../protocol-rules";
import { DomainError } from "../errors";
import type { ActionResult } from "../rooms/room-owner";
import type { Author } from "../rooms/room-service";
import { endMember } from "./end-member";
import { departAfter } from "./presence-handlers";
import { respond, splitArgs } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

const ENDED: ApiError = { code: "room_ended", message: "The room's owner ended this room; it and its messages are deleted." };

function parse<T>(schema: ZodMiniType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
  return parsed.data;
}

type OwnerEvent = "room:kick" | "room:unkick" | "room:lock" | "room:passphrase" | "room:transfer" | "room:lifetime" | "room:ownerKey" | "room:end";
type Handler = (this: ChatSocket, ...args: unknown[]) => void;

/** A listener shared by every connection: Socket.IO calls a listener with its socket as `this`. */
function shared(handle: (socket: ChatSocket, args: unknown[]) => void): Handler {
  return function (this: ChatSocket, ...args: unknown[]) {
    handle(this, args);
  };
}

const authorOf = (socket: ChatSocket): Author => ({ roomCode: socket.data.roomCode, memberId: socket.data.memberId, name: socket.data.name });

/** The owner's events and their handlers, for every connection of this server. */
export function createOwnerHandlers(ctx: HandlerContext): ReadonlyMap<string, Handler> {
  const { io, deps, drain } = ctx;
  const logFor = (socket: ChatSocket) => deps.logger.child({ socketId: socket.id, room: socket.data.roomCode });

  /** Every owner action: refused while the server drains, validated, limited, and tracked so a shutdown waits for it. */
  async function guarded<I, R>(socket: ChatSocket, schema: ZodMiniType<I>, payload: unknown, act: (input: I) => Promise<R>): Promise<R> {
    if (drain.draining) throw new DomainError("unavailable", "The server is restarting; try again after reconnecting.");
    const input = parse(schema, payload);
    await deps.limits.ownerAction(socket.data.roomCode);
    return drain.track(act(input));
  }

  /** A kicked member's connections end everywhere, the reason first; one in its grace period leaves the list now. */
  function removed(roomCode: string, target: string, targetName: string): void {
    endMember(io, roomCode, target).then(
      () => departAfter(ctx, roomCode, targetName, 0),
      (error: unknown) => deps.logger.error({ err: error, room: roomCode }, "could not end a kicked member's connections"),
    );
  }

  /** An owner action whose result the room is told of. */
  function action<T>(schema: ZodMiniType<T>, act: (author: Author, input: T) => Promise<ActionResult>): Handler {
    return shared((socket, args) => {
      const { roomCode } = socket.data;
      const { payload, ack } = splitArgs<RoomState>(args);
      const answer = (result: Ack<ActionResult>) => ack?.(result.ok ? { ok: true, data: result.data.room } : result);
      void respond<ActionResult>(answer, () => logFor(socket), () => guarded(socket, schema, payload, (input) => act(authorOf(socket), input))).then((done) => {
        if (done === undefined) return;
        io.to(roomCode).emit("room:updated", { room: done.room, action: done.action });
        if (done.removed !== undefined && done.action.kind === "kicked") removed(roomCode, done.removed, done.action.name);
      });
    });
  }

  const { owner } = deps;
  return new Map<OwnerEvent, Handler>([
    ["room:kick", action(KickInputSchema, (author, input) => owner.kick(author, input.name))],
    ["room:unkick", action(KickInputSchema, (author, input) => owner.unkick(author, input.name))],
    ["room:lock", action(LockInputSchema, (author, input) => owner.lock(author, input.locked))],
    ["room:passphrase", action(PassphraseInputSchema, (author, input) => owner.setPassphrase(author, input.passphrase))],
    ["room:transfer", action(KickInputSchema, (author, input) => owner.transfer(author, input.name))],
    ["room:lifetime", action(LifetimeInputSchema, (author, input) => owner.setLifetime(author, input.lifetimeHours as RoomLifetimeHours))],
    [
      "room:ownerKey",
      shared((socket, args) => {
        const { payload, ack } = splitArgs<{ ownerKey: string }>(args);
        void respond(ack, () => logFor(socket), () => guarded(socket, EmptyInputSchema, payload ?? {}, async () => ({ ownerKey: await owner.reissueKey(authorOf(socket)) })));
      }),
    ],
    [
      "room:end",
      shared((socket, args) => {
        const { roomCode } = socket.data;
        const { payload, ack } = splitArgs<null>(args);
        void respond(ack, () => logFor(socket), () => guarded(socket, EmptyInputSchema, payload ?? {}, () => owner.end(authorOf(socket)).then(() => null))).then((result) => {
          if (result === undefined) return;
          // After the ack, which the owner's connection is about to lose with the others.
          io.in(roomCode).emit("session:ended", ENDED);
          io.in(roomCode).disconnectSockets(true);
        });
      }),
    ],
  ]);
}

/** The owner came with its key: everyone's badge moves to it. */
export function announceOwner(ctx: HandlerContext, socket: ChatSocket): void {
  if (!ctx.ownerClaims.has(socket)) return;
  ctx.deps.owner.state(socket.data.roomCode).then(
    (room) => ctx.io.to(socket.data.roomCode).emit("room:updated", { room }),
    (error: unknown) => ctx.deps.logger.error({ err: error, socketId: socket.id }, "could not tell the room its owner came"),
  );
}
