/**
 * What the chaos run measures: send attempts and acks counted at the socket's edge (not in the app),
 * and the comparison of each client's view with the stored history.
 */
import type { ChatClientSocket } from "@/lib/client/room-session";
import type { Message } from "@/lib/protocol";
import type { ChaosClient } from "./chaos-run";

/** Counts what crosses the socket: send attempts per clientId and successful acks. At the edge, not in the app. */
export function instrument(socket: ChatClientSocket, attempts: Map<string, number>, acked: Set<string>): ChatClientSocket {
  const emit = socket.emit.bind(socket) as (...args: unknown[]) => ChatClientSocket;
  (socket as unknown as { emit: (...args: unknown[]) => ChatClientSocket }).emit = (...args: unknown[]) => {
    const [event, payload] = args as [string, { clientId?: string }];
    const callback = args.at(-1);
    if (event === "message:send" && typeof payload?.clientId === "string" && typeof callback === "function") {
      const clientId = payload.clientId;
      attempts.set(clientId, (attempts.get(clientId) ?? 0) + 1);
      const original = callback as ((...result: unknown[]) => void) & { withError?: boolean };
      const wrapped = Object.assign(
        (...result: unknown[]) => {
          const answer = (original.withError ? result[1] : result[0]) as { ok?: boolean } | undefined;
          if (answer?.ok === true) acked.add(clientId);
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
    const texts = new Set(messages.map((m) => m.text));
    if (texts.size !== messages.length) problems.push(`room ${room}: ${messages.length - texts.size} messages stored twice`);
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
    const storedOwn = truth.filter((m) => m.author.name === `client-${index}`).map((m) => m.text);
    const lost = client.typed.filter((text) => !storedOwn.includes(text)).length;
    const ownOrder = storedOwn.join("\n") === client.typed.join("\n");
    if (absent || doubled || !ordered || lost || !ownOrder) {
      problems.push(`client ${index}: missing=${absent} duplicate=${doubled} ordered=${ordered} lost=${lost} ownOrder=${ownOrder}`);
    }
    missing += absent;
    duplicates += doubled;
  });
  return { problems, missing, duplicates };
}

