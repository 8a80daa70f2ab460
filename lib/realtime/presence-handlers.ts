/**
 * Arrival and departure: the snapshot a member gets on (re)connecting, the join notice for the others,
 * and the leave notice, which waits out a grace period unless the member left on purpose.
 */
import { HISTORY_PAGE_DEFAULT, type Member } from "../protocol";
import { KICKED } from "./end-member";
import { asAck } from "./respond";
import type { ChatSocket, HandlerContext } from "./types";

/** Tells the whole room, on every instance, that `member` has gone. */
export async function announceLeave(ctx: HandlerContext, roomCode: string, member: Member): Promise<void> {
  ctx.io.to(roomCode).emit("member:left", { member, members: await ctx.deps.presence.members(roomCode) });
}

/** Tells the whole room, on every instance, that `member` changed status: it dropped, or came back within the grace. */
async function announceStatus(ctx: HandlerContext, roomCode: string, member: Member): Promise<void> {
  ctx.io.to(roomCode).emit("member:updated", { member, members: await ctx.deps.presence.members(roomCode) });
}

const TIMER_SLACK_MS = 50;

/** Announces the member's leave once it has no connection left, after `graceMs` (0: now). */
export function departAfter(ctx: HandlerContext, roomCode: string, name: string, graceMs: number): void {
  const { deps } = ctx;
  const depart = async () => {
    // Only if idle for the whole grace period: a timer left by an earlier drop must not cut short a
    // later one's. Less a little, for a timer that fires a millisecond early by the registry's clock.
    const member = await deps.presence.depart(roomCode, name, Math.max(0, graceMs - TIMER_SLACK_MS));
    if (member !== null) await announceLeave(ctx, roomCode, member);
  };
  const run = () => void depart().catch((error: unknown) => deps.logger.error({ err: error, room: roomCode }, "leave failed"));
  if (graceMs <= 0) run();
  else setTimeout(run, graceMs).unref();
}

const RELEASE_RETRY_MS = 2_000;

/**
 * How long a failed release is retried: one instance timeout (REDIS_INSTANCE_TIMEOUT_MS). Redis away
 * that long has failed this instance's heartbeats too, and once it answers again the presence upkeep
 * reconciles this instance's connections (lib/rooms/redis-reconcile.ts), releasing whatever these
 * retries gave up; retrying longer would only hold timers. The in-process registry never fails.
 */
function retryWindowMs(ctx: HandlerContext): number {
  return ctx.deps.config.redis?.instanceTimeoutMs ?? RELEASE_RETRY_MS;
}

/**
 * Runs a release, and while the presence registry cannot be reached (Redis is away) runs it again
 * every 2 s (a fifth of the window if that is shorter) within retryWindowMs(): a closed connection
 * must not keep its name, its member-list entry and its share of the connection caps. A release is
 * idempotent. Resolves after the first attempt.
 */
export function releaseUntilDone(ctx: HandlerContext, work: () => Promise<void>): Promise<void> {
  const window = retryWindowMs(ctx);
  return attemptRelease(ctx, work, { giveUpAt: performance.now() + window, retryMs: Math.min(RELEASE_RETRY_MS, window / 5) }, true);
}

async function attemptRelease(ctx: HandlerContext, work: () => Promise<void>, plan: { giveUpAt: number; retryMs: number }, first: boolean): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (performance.now() + plan.retryMs > plan.giveUpAt) {
      return ctx.deps.logger.error({ err: error }, "release failed; left to the reconciliation once Redis answers");
    }
    if (first) ctx.deps.logger.warn({ err: error }, "release failed; retrying");
    setTimeout(() => void attemptRelease(ctx, work, plan, false), plan.retryMs).unref();
  }
}

/**
 * Releases a connection; when it was the member's last, schedules the leave notice and, if it waits
 * out a grace period, tells the room the member is reconnecting meanwhile.
 */
export async function releaseConnection(ctx: HandlerContext, socket: ChatSocket, graceMs: number): Promise<void> {
  const { roomCode } = socket.data;
  const released = await ctx.deps.presence.release(roomCode, socket.id);
  if (!released?.lastConnection) return;
  departAfter(ctx, roomCode, released.member.name, graceMs);
  if (graceMs > 0) await announceStatus(ctx, roomCode, { name: released.member.name, status: "reconnecting" });
}

export function registerPresenceHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { deps, arrivals, resumed } = ctx;
  const { roomCode, name, authorId } = socket.data;
  const log = deps.logger.child({ socketId: socket.id, room: roomCode });
  let leftOnPurpose = false;

  socket.on("room:leave", (...args: unknown[]) => {
    leftOnPurpose = true;
    asAck<null>(args.at(-1))?.({ ok: true, data: null });
    // Leave the namespace (a packet queued after the ack) rather than cut the transport, which could
    // drop the ack before it is written; the client closes its connection itself.
    socket.disconnect();
  });

  socket.on("disconnect", (reason) => {
    // A dropped connection may come back within the grace period; a Leave is announced at once, and
    // so is the leave of a member the owner removed (the server cut it: it will not come back).
    void releaseUntilDone(ctx, async () => {
      const gone = leftOnPurpose || (reason === "server namespace disconnect" && (await deps.access.isKicked(roomCode, socket.data.memberId)));
      await releaseConnection(ctx, socket, gone ? 0 : deps.presenceGraceMs);
    });
  });

  void (async () => {
    await socket.join(roomCode);
    const [members, page, room, kicked] = await Promise.all([
      deps.presence.members(roomCode),
      deps.rooms.snapshotPage(roomCode, HISTORY_PAGE_DEFAULT),
      deps.owner.state(roomCode),
      // A kick that crossed this join (admitted before the kick was stored, and in the room, where the
      // kick looks for it, only since): ended here, before it reads anything.
      deps.access.isKicked(roomCode, socket.data.memberId),
    ]);
    if (kicked) {
      socket.emit("session:ended", KICKED);
      socket.disconnect(true);
      return;
    }
    socket.emit("room:snapshot", { code: roomCode, you: { id: authorId, name }, members, messages: page.messages, hasOlder: page.hasOlder, lastChange: page.lastChange, room });
    // The newcomer learns the room from its snapshot; the others from this notice. A member back
    // within its grace period is no newcomer: the others only see its status change.
    if (arrivals.has(socket)) socket.to(roomCode).emit("member:joined", { member: { name }, members });
    else if (resumed.has(socket)) socket.to(roomCode).emit("member:updated", { member: { name, status: "present" }, members });
  })().catch((error: unknown) => {
    log.error({ err: error }, "could not send the room snapshot");
    socket.disconnect(true);
  });
}
