/**
 * What the chaos run measures: send attempts and acks counted at the socket's edge (not in the app),
 * and the comparison of each client's view with the stored history.
 */
import type { ChatClientSocket } from "@/lib/client/room-session";
import type { Ack, Message } from "@/lib/protocol";
import type { ChaosClient } from "./chaos-run";
import type { SendLedger } from "./send-ledger";

/**
 * Counts what crosses the socket: send attempts per clientId and successful acks, and records in the
 * client's ledger what each send was answered. At the edge, not in the app.
 */
export function instrument(socket: ChatClientSocket, attempts: Map<string, number>, acked: Set<string>, ledger: SendLedger): ChatClientSocket {
  const emit = socket.emit.bind(socket) as (...args: unknown[]) => ChatClientSocket;
  ledger.rawEmit = emit;
  (socket as unknown as { emit: (...args: unknown[]) => ChatClientSocket }).emit = (...args: unknown[]) => {
    const [event, payload] = args as [string, { clientId?: string }];
    const callback = args.at(-1);
    if (event === "message:send" && typeof payload?.clientId === "string" && typeof callback === "function") {
      const clientId = payload.clientId;
      attempts.set(clientId, (attempts.get(clientId) ?? 0) + 1);
      if (!ledger.sent.has(clientId)) ledger.sent.set(clientId, (payload as { text: string }).text);
      const original = callback as ((...result: unknown[]) => void) & { withError?: boolean };
      const wrapped = Object.assign(
        (...result: unknown[]) => {
          const answer = (original.withError ? result[1] : result[0]) as Ack<Message> | undefined;
          if (answer?.ok === true) {
            acked.add(clientId);
            ledger.answered(clientId, answer.data, "send");
          }
          original(...result);
        },
        { withError: original.withError },
      );
      args[args.length - 1] = wrapped;
    }
    return emit(...args);
  };
  return socket;
}

/** Compares the stored history with what each client typed and shows; lists every discrepancy. */
export function verify(stored: Map<string, Message[]>, clients: ChaosClient[]) {
  const problems: string[] = [];
  for (const [room, messages] of stored) {
    if (messages.some((m, i) => m.seq !== i + 1)) problems.push(`room ${room}: seq has gaps or disorder`);
    // By clientId: texts change (edits) and empty (deletions).
    const sends = new Set(messages.map((m) => m.clientId));
    if (sends.size !== messages.length) problems.push(`room ${room}: ${messages.length - sends.size} messages stored twice`);
  }
  let missing = 0;
  let duplicates = 0;
  clients.forEach((client, index) => {
    const truth = stored.get(client.room) ?? [];
    const view = client.session.getSnapshot().messages;
    const viewIds = new Set(view.map((m) => m.id));
    const absent = truth.filter((m) => !viewIds.has(m.id)).length;
    const doubled = view.length - viewIds.size;
    const ordered = view.every((m, i) => i === 0 || m.seq === (view[i - 1]?.seq ?? 0) + 1);
    const storedOwn = truth.filter((m) => m.author.name === `client-${index}`).map((m) => m.clientId);
    const lost = client.typedIds.filter((clientId) => !storedOwn.includes(clientId)).length;
    const ownOrder = storedOwn.join("\n") === client.typedIds.join("\n");
    if (absent || doubled || !ordered || lost || !ownOrder) {
      problems.push(`client ${index}: missing=${absent} duplicate=${doubled} ordered=${ordered} lost=${lost} ownOrder=${ownOrder}`);
    }
    missing += absent;
    duplicates += doubled;
  });
  problems.push(...answerProblems(stored, clients));
  return { problems, missing, duplicates };
}

/**
 * Every ok answer a client got (to a send or a resend) names the message the database holds for that
 * clientId; every send of a resender was answered ok in the end; and no answer contradicted another.
 */
function answerProblems(stored: Map<string, Message[]>, clients: ChaosClient[]): string[] {
  const byClientId = new Map([...stored.values()].flat().map((message) => [message.clientId, message]));
  return clients.flatMap(({ ledger, resends }) => {
    const wrong = [...ledger.answers].filter(([clientId, answer]) => {
      const truth = byClientId.get(clientId);
      return truth?.id !== answer.id || truth.seq !== answer.seq;
    });
    const problems: string[] = [];
    const [refusal] = ledger.refused;
    if (refusal !== undefined) problems.push(`${ledger.label}: ${ledger.refused.size} resends refused, e.g. ${refusal.join(": ")}`);
    if (ledger.contradictions.length > 0) problems.push(`${ledger.label}: ${ledger.contradictions.length} contradicting answers, e.g. ${ledger.contradictions[0]}`);
    if (wrong[0] !== undefined) {
      const [clientId, answer] = wrong[0];
      const truth = byClientId.get(clientId);
      problems.push(`${ledger.label}: ${wrong.length} answers name another message than the one stored, e.g. ${clientId}: answered ${answer.id} #${answer.seq}, stored ${truth ? `${truth.id} #${truth.seq}` : "nothing"}`);
    }
    const unanswered = ledger.unanswered().length;
    if (resends && unanswered > 0) problems.push(`${ledger.label}: ${unanswered} sends never answered ok, even resent`);
    return problems;
  });
}
