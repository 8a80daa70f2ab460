/**
 * Typing notices: relayed to the rest of the room, never stored, never acknowledged. The name is the
 * connection's member (socket.data), whatever the payload says. socket.to() leaves the typist out and
 * goes through the adapter, so members on other instances get it too (docs/protocol.md#typing).
 */
import { TypingInputSchema } from "../protocol";
import type { ChatSocket, HandlerContext } from "./types";

/**
 * A well-behaved client sends at most one "typing" per TYPING_RESEND_MS plus one "stopped" after it;
 * the bucket leaves room for that and for jitter, and drops the rest of a flood without a word.
 * Per connection and in memory: a lost notice costs nothing, so it needs no shared budget.
 */
const BURST = 4;
const REFILL_PER_MS = 1 / 1_000;

/** A token bucket: true while the connection may send one more notice at `now` (ms). */
export function typingBudget(burst = BURST, refillPerMs = REFILL_PER_MS): (now: number) => boolean {
  let tokens = burst;
  let last = -Infinity;
  return (now) => {
    tokens = Math.min(burst, tokens + (now - last) * refillPerMs);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function registerTypingHandlers(ctx: HandlerContext, socket: ChatSocket): void {
  const { roomCode, name } = socket.data;
  const allowed = typingBudget();
  socket.on("typing:update", (...args: unknown[]) => {
    const parsed = TypingInputSchema.safeParse(args[0]);
    // Dropped in silence: there is no ack to answer, and a notice is only a hint.
    if (!parsed.success || ctx.drain.draining || !allowed(performance.now())) return;
    socket.to(roomCode).emit("member:typing", { name, typing: parsed.data.typing });
  });
}
