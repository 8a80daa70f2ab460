/**
 * Delivery across dropped connections, against the realtime layer in-process: presence that does not
 * flap, and the browser client's catch-up. Restarts and a graceful shutdown need the server's own
 * process: __tests__/integration/delivery.test.ts.
 */
import { io } from "socket.io-client";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";
import { RoomSession, type ChatClientSocket } from "@/lib/client/room-session";
import type { Ack, Message } from "@/lib/protocol";
import { nextEvent } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const GRACE_MS = 800;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("delivery across drops (in-process server)", () => {
  let server: InProcessServer;
  const closers: Array<() => void> = [];

  beforeAll(async () => {
    server = await startInProcess({ PRESENCE_GRACE_MS: String(GRACE_MS) });
  });
  afterEach(() => {
    while (closers.length > 0) closers.pop()?.();
  });
  afterAll(async () => {
    await server.stop();
  });

  function session(code: string, name: string, reconnectionDelay = 100): RoomSession {
    const created = new RoomSession({
      code,
      name,
      memberToken: `tok-${crypto.randomUUID()}`,
      outboxStorage: memoryOutboxStorage(),
      ackTimeoutMs: 3_000,
      connect: (auth) =>
        io(server.url, { auth, autoConnect: false, transports: ["websocket"], reconnectionDelay, reconnectionDelayMax: reconnectionDelay }) as ChatClientSocket,
    });
    closers.push(() => created.close());
    return created;
  }

  it("does not announce a reconnect within the grace period, and announces a real leave once", async () => {
    const code = await server.createRoom();
    const watcher = await server.join({ code, name: "Watcher" });
    const events: string[] = [];
    watcher.socket.on("member:joined", ({ member }) => events.push(`joined:${member.name}`));
    watcher.socket.on("member:left", ({ member }) => events.push(`left:${member.name}`));

    const memberToken = `same-browser-${crypto.randomUUID()}`;
    const first = await server.join({ code, name: "Ana", memberToken });
    await until(() => events.length === 1, "Ana's arrival");
    first.socket.io.engine.close(); // the network drops, no Leave
    await sleep(GRACE_MS / 4);
    const back = await server.join({ code, name: "Ana", memberToken });
    expect(back.snapshot.members.map((m) => m.name)).toEqual(["Ana", "Watcher"]);
    await sleep(GRACE_MS * 1.5);
    expect(events).toEqual(["joined:Ana"]);

    back.socket.io.engine.close();
    const left = nextEvent(watcher.socket, "member:left", GRACE_MS * 4);
    expect((await left).members).toEqual([{ name: "Watcher" }]);
    await sleep(GRACE_MS);
    expect(events).toEqual(["joined:Ana", "left:Ana"]);
  });

  it("catches up on everything missed while disconnected, exactly once, and says how much", async () => {
    const code = await server.createRoom();
    const ana = session(code, "Ana", 1_500);
    await ana.open();
    const bob = await server.join({ code, name: "Bob" });

    ana.getSnapshot(); // connected, empty
    (ana as unknown as { socket: ChatClientSocket }).socket.io.engine.close();
    await until(() => ana.getSnapshot().status === "reconnecting", "Ana to notice the drop");
    for (let i = 1; i <= 120; i += 1) {
      const ack = (await bob.socket.emitWithAck("message:send", { text: `missed ${i}`, clientId: crypto.randomUUID() })) as Ack<Message>;
      expect(ack.ok).toBe(true);
    }
    await until(() => ana.getSnapshot().messages.length === 120, "Ana to catch up");
    const seqs = ana.getSnapshot().messages.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    await until(() => ana.getSnapshot().notices.some((n) => n.text === "120 missed messages restored"), "the restored notice");
  });
});
