/**
 * Delivery across dropped connections, against the realtime layer in-process: presence that does not
 * flap, and the browser client's catch-up. Restarts and a graceful shutdown need the server's own
 * process: __tests__/integration/delivery.test.ts.
 */
import type { ChatClientSocket } from "@/lib/client/room-session";
import type { Ack, Message } from "@/lib/protocol";
import { nextEvent, roomSessions, until } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const GRACE_MS = 800;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("delivery across drops (in-process server)", () => {
  let server: InProcessServer;
  const sessions = roomSessions(() => server.url);
  const session = sessions.session;

  beforeAll(async () => {
    server = await startInProcess({ PRESENCE_GRACE_MS: String(GRACE_MS) });
  });
  afterEach(() => sessions.closeAll());
  afterAll(async () => {
    await server.stop();
  });


  it("does not announce a reconnect within the grace period, only a status, and announces a real leave once", async () => {
    const code = await server.createRoom();
    const watcher = await server.join({ code, name: "Watcher" });
    const events: string[] = [];
    watcher.socket.on("member:joined", ({ member }) => events.push(`joined:${member.name}`));
    watcher.socket.on("member:left", ({ member }) => events.push(`left:${member.name}`));
    watcher.socket.on("member:updated", ({ member, members }) => {
      events.push(`${member.status ?? "?"}:${member.name}`);
      expect(members.find((m) => m.name === member.name)?.status).toBe(member.status === "reconnecting" ? "reconnecting" : undefined);
    });

    const memberToken = `same-browser-${crypto.randomUUID()}`;
    const first = await server.join({ code, name: "Ana", memberToken });
    await until(() => events.length === 1, "Ana's arrival");
    first.socket.io.engine.close(); // the network drops, no Leave
    await sleep(GRACE_MS / 4);
    const back = await server.join({ code, name: "Ana", memberToken });
    expect(back.snapshot.members.map((m) => m.name)).toEqual(["Ana", "Watcher"]);
    await sleep(GRACE_MS * 1.5);
    expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana"]);

    back.socket.io.engine.close();
    const left = nextEvent(watcher.socket, "member:left", GRACE_MS * 4);
    expect((await left).members).toEqual([{ name: "Watcher" }]);
    await sleep(GRACE_MS);
    expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana", "reconnecting:Ana", "left:Ana"]);
  });

  it("shows a dropped member as reconnecting in the browser client's list, with no notice", async () => {
    const code = await server.createRoom();
    const watcher = session(code, "Watcher");
    await watcher.open();
    const memberToken = `same-browser-${crypto.randomUUID()}`;
    const first = await server.join({ code, name: "Ana", memberToken });
    await until(() => watcher.getSnapshot().members.length === 2, "Ana in the list");
    const notices = watcher.getSnapshot().notices.map((n) => n.text);
    expect(notices).toEqual(["You joined the room", "Ana joined the room"]);

    first.socket.io.engine.close();
    await until(() => watcher.getSnapshot().members.some((m) => m.status === "reconnecting"), "Ana reconnecting");
    expect(watcher.getSnapshot().members).toEqual([{ name: "Ana", status: "reconnecting" }, { name: "Watcher" }]);
    await server.join({ code, name: "Ana", memberToken });
    await until(() => watcher.getSnapshot().members.every((m) => m.status === undefined), "Ana present again");
    await sleep(GRACE_MS * 1.5);
    expect(watcher.getSnapshot().notices.map((n) => n.text)).toEqual(notices);
  });

  it("catches up on everything missed while disconnected, exactly once, and says how much", async () => {
    const code = await server.createRoom();
    const ana = session(code, "Ana", 1_500);
    await ana.open();
    const bob = await server.join({ code, name: "Bob" });

    ana.getSnapshot(); // connected, empty
    const anaSocket = (ana as unknown as { socket: ChatClientSocket }).socket;
    // Ana stays away until all 120 are sent, however slow the machine: a reconnect halfway would
    // deliver the rest live, and the notice would count fewer.
    anaSocket.io.reconnection(false);
    anaSocket.io.engine.close();
    await until(() => ana.getSnapshot().status === "reconnecting", "Ana to notice the drop");
    for (let i = 1; i <= 120; i += 1) {
      const ack = (await bob.socket.emitWithAck("message:send", { text: `missed ${i}`, clientId: crypto.randomUUID() })) as Ack<Message>;
      expect(ack.ok).toBe(true);
    }
    expect(ana.getSnapshot().messages).toHaveLength(0);
    anaSocket.io.reconnection(true);
    anaSocket.connect();
    await until(() => ana.getSnapshot().messages.length === 120, "Ana to catch up");
    const seqs = ana.getSnapshot().messages.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    await until(() => ana.getSnapshot().notices.some((n) => n.text === "120 missed messages restored"), "the restored notice");
  });
});
