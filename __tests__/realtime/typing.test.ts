/**
 * Typing notices against the realtime layer in-process, with real sockets: relayed to the others and
 * never to the typist, named by the connection, throttled per socket, malformed ones dropped; and the
 * browser session's side (RoomSession) end to end.
 */
import type { Ack, Message, TypingNotice } from "@/lib/protocol";
import { nextEvent, roomSessions, until, type TestSocket } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const send = (socket: TestSocket, text: string) => socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>;

/** Every typing notice `socket` gets from now on. */
function record(socket: TestSocket): TypingNotice[] {
  const heard: TypingNotice[] = [];
  socket.on("member:typing", (notice) => heard.push(notice));
  return heard;
}

/**
 * Sends a message from `sender` and waits until every socket has it: a notice relayed before it has
 * then arrived too (one connection delivers in order), so what was not recorded was never sent.
 */
async function settle(sender: TestSocket, everyone: TestSocket[]): Promise<void> {
  const arrivals = everyone.map((socket) => nextEvent(socket, "message:created"));
  expect((await send(sender, "marker")).ok).toBe(true);
  await Promise.all(arrivals);
}

describe("typing notices (in-process server, real sockets)", () => {
  let server: InProcessServer;
  const sessions = roomSessions(() => server.url);

  beforeAll(async () => {
    server = await startInProcess();
  });
  afterEach(() => sessions.closeAll());
  afterAll(async () => {
    await server.stop();
  });

  async function room(...names: string[]): Promise<TestSocket[]> {
    const code = await server.createRoom();
    const sockets: TestSocket[] = [];
    for (const name of names) sockets.push((await server.join({ code, name })).socket);
    return sockets;
  }

  it("reaches everyone else in the room under the typist's member name, never the typist", async () => {
    const [ana, bob, cara] = await room("Ana", "Bob", "Cara");
    const [elsewhere] = await room("Dan");
    const heard = [ana!, bob!, cara!, elsewhere!].map(record);

    ana!.emit("typing:update", { typing: true });
    ana!.emit("typing:update", { typing: false });
    await settle(bob!, [ana!, bob!, cara!]);

    expect(heard[0]).toEqual([]);
    expect(heard[1]).toEqual([
      { name: "Ana", typing: true },
      { name: "Ana", typing: false },
    ]);
    expect(heard[2]).toEqual(heard[1]);
    expect(heard[3]).toEqual([]);
  });

  it("takes the name from the connection: a payload that names someone is dropped", async () => {
    const [eve, bob] = await room("Eve", "Bob");
    const heard = record(bob!);
    (eve!.emit as (event: string, payload: unknown) => void)("typing:update", { typing: true, name: "Bob" });
    eve!.emit("typing:update", { typing: true });
    await settle(eve!, [eve!, bob!]);
    expect(heard).toEqual([{ name: "Eve", typing: true }]);
  });

  it("drops what a socket sends beyond its budget, and only that socket's", async () => {
    const [ana, bob, cara] = await room("Ana", "Bob", "Cara");
    const heard = record(cara!);
    for (let i = 0; i < 20; i += 1) ana!.emit("typing:update", { typing: i % 2 === 0 });
    bob!.emit("typing:update", { typing: true });
    await settle(cara!, [ana!, bob!, cara!]);
    // The burst (4) of Ana's 20, and Bob's one.
    expect(heard.filter((notice) => notice.name === "Ana")).toHaveLength(4);
    expect(heard.filter((notice) => notice.name === "Bob")).toEqual([{ name: "Bob", typing: true }]);
    // Dropped in silence: Ana is still connected and served.
    expect(ana!.connected).toBe(true);
    expect((await send(ana!, "still here")).ok).toBe(true);
  });

  it("survives malformed notices, and one with an ack callback, without answering or relaying them", async () => {
    const [ana, bob] = await room("Ana", "Bob");
    const heard = record(bob!);
    const raw = (ana!.emit as (event: string, ...args: unknown[]) => void).bind(ana);
    const answered = jest.fn();
    raw("typing:update");
    raw("typing:update", null);
    raw("typing:update", "yes");
    raw("typing:update", { typing: "yes" });
    raw("typing:update", { typing: true, extra: "x".repeat(10_000) });
    raw("typing:update", [{ typing: true }]);
    raw("typing:update", answered);
    await settle(ana!, [ana!, bob!]);
    expect(heard).toEqual([]);
    expect(answered).not.toHaveBeenCalled();
    // Malformed notices cost no budget: a good one still goes through.
    ana!.emit("typing:update", { typing: true });
    await settle(ana!, [ana!, bob!]);
    expect(heard).toEqual([{ name: "Ana", typing: true }]);
  });

  it("shows in the other browsers' sessions while a draft is typed, and goes when the message is sent", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    const bob = sessions.session(code, "Bob");
    const cara = sessions.session(code, "Cara");
    await Promise.all([ana.open(), bob.open(), cara.open()]);

    ana.draftChanged("Hel");
    await until(() => bob.typing.getSnapshot().includes("Ana") && cara.typing.getSnapshot().includes("Ana"), "Bob and Cara to see Ana typing");
    bob.draftChanged("Hi");
    await until(() => cara.typing.getSnapshot().length === 2, "Cara to see two typists");
    expect(cara.typing.getSnapshot()).toEqual(["Ana", "Bob"]);
    expect(ana.typing.getSnapshot()).toEqual(["Bob"]);

    await ana.send("Hello");
    await until(() => cara.getSnapshot().messages.some((m) => m.text === "Hello"), "Cara to get Ana's message");
    expect(cara.typing.getSnapshot()).toEqual(["Bob"]);
    expect(bob.typing.getSnapshot()).toEqual([]);
    // Clearing the field says so too.
    bob.draftChanged("");
    await until(() => cara.typing.getSnapshot().length === 0, "Cara to see Bob stop");
  });
});
