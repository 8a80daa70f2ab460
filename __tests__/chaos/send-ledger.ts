/**
 * What one chaos client was answered for each of its sends, and the resender: a client that, after
 * every reconnect, sends again (same clientId) every message it never got an ok for, plus the last one
 * it did, whatever the room snapshot says. The browser session (lib/client/room-session.ts) drops an
 * outbox entry as soon as a snapshot shows it stored, so without resenders the server would seldom see
 * a send it already stored, and its duplicate check (the unique send key in lib/store) would go unproven:
 * a resend must come back ok with the message first stored, never a refusal and never a second copy.
 */
import type { ChatClientSocket } from "@/lib/client/room-session";
import type { Ack, Message } from "@/lib/protocol";

type Emit = (...args: unknown[]) => unknown;

export class SendLedger {
  /** Every message the session sent, clientId -> text, in the order it first sent them. */
  readonly sent = new Map<string, string>();
  /** The first ok answer per clientId, from the session's own send or a resend. */
  readonly answers = new Map<string, Message>();
  /** Resends the server refused, clientId -> its error: each one a failure, not resent again. */
  readonly refused = new Map<string, string>();
  /** An ok answer naming another message than an earlier ok answer for the same clientId. */
  readonly contradictions: string[] = [];
  resends = 0;
  /** Resends the server answered (ok or not); the others lost their connection and go again later. */
  resendsAnswered = 0;
  /** Resends of a message already answered ok: the server had certainly stored it. */
  resendsOfAnswered = 0;
  inFlight = 0;
  /** The socket's own emit, set by instrument(): resends bypass the counting of the session's sends. */
  rawEmit: Emit | null = null;

  constructor(readonly label: string) {}

  answered(clientId: string, message: Message, how: "send" | "resend"): void {
    const first = this.answers.get(clientId);
    if (first === undefined) this.answers.set(clientId, message);
    else if (first.id !== message.id || first.seq !== message.seq) {
      this.contradictions.push(`${clientId} was answered ${first.id} #${first.seq}, then ${message.id} #${message.seq} on a ${how}`);
    }
  }

  /** Sent, never answered ok, and not refused (yet). */
  unanswered(): Array<[string, string]> {
    return [...this.sent].filter(([clientId]) => !this.answers.has(clientId) && !this.refused.has(clientId));
  }

  /** Sends again every unanswered message and the last answered one; `timeoutMs` bounds each wait. */
  resendAll(timeoutMs: number): void {
    const lastAnswered = [...this.answers.keys()].at(-1);
    const targets = this.unanswered();
    if (lastAnswered !== undefined) targets.push([lastAnswered, this.sent.get(lastAnswered)!]);
    for (const [clientId, text] of targets) this.resend(clientId, text, timeoutMs);
  }

  private resend(clientId: string, text: string, timeoutMs: number): void {
    const known = this.answers.get(clientId);
    this.resends += 1;
    this.inFlight += 1;
    let settled = false;
    // No ack when the connection drops first: then the message is still unanswered and goes again
    // after the next reconnect.
    const settle = (answer: Ack<Message> | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.inFlight -= 1;
      if (answer === null) return;
      this.resendsAnswered += 1;
      if (!answer.ok) return void this.refused.set(clientId, `${answer.error.code} (${answer.error.message})`);
      if (known !== undefined) this.resendsOfAnswered += 1;
      this.answered(clientId, answer.data, "resend");
    };
    const timer = setTimeout(() => settle(null), timeoutMs);
    this.rawEmit!("message:send", { text, clientId }, settle);
  }
}

/** After every room snapshot (that is, every reconnect), resend; the snapshot's content does not matter. */
export function resendAfterReconnect(socket: ChatClientSocket, ledger: SendLedger, timeoutMs: number): void {
  socket.on("room:snapshot", () => ledger.resendAll(timeoutMs));
}
