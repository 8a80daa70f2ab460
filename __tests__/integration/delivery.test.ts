/**
 * Delivery across restarts: the browser client's outbox while the server is down, and a graceful
 * shutdown that acknowledges what it accepted. Drops without a restart (presence that does not flap,
 * catch-up) are tested in-process: __tests__/realtime/delivery.test.ts.
 */
import type { Ack, Message } from "@/lib/protocol";
import { roomSessions, until } from "../sockets";
import { createRoom, join, nextEvent, restartableServer, storedHistory } from "./harness";

const GRACE_MS = 800;

describe("delivery across restarts", () => {
  const server = restartableServer("delivery", { PRESENCE_GRACE_MS: String(GRACE_MS) });
  const sessions = roomSessions(() => server.url);
  const session = sessions.session;
  afterEach(() => sessions.closeAll());

  it("keeps messages typed during a server restart and delivers them once, in order", async () => {
    const code = await createRoom(server.url);
    const ana = session(code, "Ana");
    const bob = session(code, "Bob");
    await ana.open();
    await bob.open();
    expect((await ana.send("before")).ok).toBe(true);
    await until(() => bob.getSnapshot().messages.length === 1, "the first message");

    await server.stop("SIGKILL");
    await until(() => ana.getSnapshot().status === "reconnecting", "Ana to notice");
    for (const text of ["during 1", "during 2", "during 3"]) await ana.send(text);
    expect(ana.getSnapshot().outbox.map((e) => [e.text, e.status])).toEqual([
      ["during 1", "pending"],
      ["during 2", "pending"],
      ["during 3", "pending"],
    ]);

    await server.start();
    await until(() => ana.getSnapshot().outbox.length === 0 && bob.getSnapshot().messages.length === 4, "the outbox to drain");
    const stored = await storedHistory(server.url, code);
    expect(stored.map((m) => [m.seq, m.text])).toEqual([
      [1, "before"],
      [2, "during 1"],
      [3, "during 2"],
      [4, "during 3"],
    ]);
    for (const view of [ana, bob]) expect(view.getSnapshot().messages.map((m) => m.id)).toEqual(stored.map((m) => m.id));
  });

  it("tells clients it is restarting, acknowledges writes in flight, and exits 0 on SIGTERM", async () => {
    const code = await createRoom(server.url);
    const ana = await join(server.url, { code, name: "Ana" });
    const restarting = nextEvent(ana.socket, "server:restarting");
    const sends = Array.from({ length: 30 }, (_, i) =>
      (ana.socket.timeout(5_000).emitWithAck("message:send", { text: `burst ${i}`, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>).catch(
        () => null,
      ),
    );
    const exit = server.stop("SIGTERM");
    await restarting;
    expect(await exit).toBe(0);
    const acked = (await Promise.all(sends)).filter((ack): ack is { ok: true; data: Message } => ack?.ok === true).map((ack) => ack.data);
    ana.socket.close();

    await server.start();
    const stored = await storedHistory(server.url, code);
    // Every acknowledged message is stored; whatever was stored is gap-free from 1.
    for (const message of acked) expect(stored.map((m) => m.id)).toContain(message.id);
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  });
});
