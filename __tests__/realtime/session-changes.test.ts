/**
 * The browser's RoomSession with messages that change, against the realtime layer in-process: changes
 * shown at once and confirmed, replies, refusals as notices, and a member who was away (including
 * older pages it had loaded) converging on exactly what the database holds.
 */
import type { RoomSession } from "@/lib/client/room-session";
import { roomSessions, until } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

describe("RoomSession with edits, deletions, replies and reactions", () => {
  let server: InProcessServer;
  const sessions = roomSessions(() => server.url);

  beforeAll(async () => {
    server = await startInProcess();
  });
  afterEach(() => sessions.closeAll());
  afterAll(async () => {
    await server.stop();
  });

  const byId = (session: RoomSession) => new Map(session.getSnapshot().messages.map((m) => [m.id, m]));
  /** What the session shows of every message it holds equals the database's state of it. */
  async function converged(session: RoomSession, code: string): Promise<boolean> {
    const stored = new Map((await server.storedHistory(code)).map((m) => [m.id, m]));
    const shown = session.getSnapshot().messages;
    return shown.length > 0 && shown.every((m) => JSON.stringify(m) === JSON.stringify(stored.get(m.id)));
  }
  async function untilConverged(session: RoomSession, code: string, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await converged(session, code))) {
      if (Date.now() > deadline) throw new Error(`${what} did not converge`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("shows an edit, a reaction and a deletion at once, then as the server stored them, for both members", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    const bob = sessions.session(code, "Bob");
    await ana.open();
    await bob.open();
    await ana.send("helo");
    await until(() => bob.getSnapshot().messages.length === 1, "Bob sees the message");
    const id = bob.getSnapshot().messages[0]!.id;

    bob.toggleReaction(id, "👍");
    // Shown before any answer, as queued.
    expect(byId(bob).get(id)?.reactions).toEqual([{ emoji: "👍", names: ["Bob"] }]);
    expect((await ana.edit(id, "hello")).ok).toBe(true);
    expect(byId(ana).get(id)?.text).toBe("hello");
    await until(() => byId(ana).get(id)?.version === 2 && byId(bob).get(id)?.version === 2, "both see both changes confirmed");
    expect(byId(bob).get(id)).toMatchObject({ text: "hello", reactions: [{ emoji: "👍", names: ["Bob"] }] });

    bob.toggleReaction(id, "👍");
    await until(() => byId(ana).get(id)?.reactions.length === 0, "Ana sees the reaction taken back");
    ana.deleteMessage(id);
    expect(byId(ana).get(id)).toMatchObject({ text: "", reactions: [] });
    await until(() => byId(bob).get(id)?.deletedAt !== null, "Bob sees the deletion");
    await untilConverged(bob, code, "Bob");
    await untilConverged(ana, code, "Ana");
  });

  it("sends a reply with its quote, and keeps the quote current when the answered message changes", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    const bob = sessions.session(code, "Bob");
    await ana.open();
    await bob.open();
    await ana.send("lunch at noon?");
    await until(() => bob.getSnapshot().messages.length === 1, "Bob sees the question");
    const question = bob.getSnapshot().messages[0]!;
    await bob.send("yes!", question.id);
    await until(() => ana.getSnapshot().messages.length === 2, "Ana sees the reply");
    expect(ana.getSnapshot().messages[1]?.replyTo).toEqual({ id: question.id, seq: 1, author: question.author, excerpt: "lunch at noon?" });
    await ana.edit(question.id, "lunch at one?");
    await until(() => bob.getSnapshot().messages[1]?.replyTo?.excerpt === "lunch at one?", "Bob's quote follows the edit");
    ana.deleteMessage(question.id);
    await until(() => bob.getSnapshot().messages[1]?.replyTo?.excerpt === "", "Bob's quote is emptied by the deletion");
    await untilConverged(bob, code, "Bob");
  });

  it("tells the member when a change is refused, and drops it from the queue", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    const bob = sessions.session(code, "Bob");
    await ana.open();
    await bob.open();
    await ana.send("not yours to edit");
    await until(() => bob.getSnapshot().messages.length === 1, "Bob sees it");
    const id = bob.getSnapshot().messages[0]!.id;
    await bob.edit(id, "edited by Bob");
    await until(() => bob.getSnapshot().notices.some((n) => n.text.startsWith("Your edit was not saved")), "the refusal notice");
    expect(bob.getSnapshot().messages[0]?.text).toBe("not yours to edit");
    expect(bob.getSnapshot().outbox).toEqual([]);
    expect(await bob.edit(id, "   ")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
  });

  it("converges a member whose connection dropped while changes were made, on messages no snapshot brings back", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    await ana.open();
    for (let i = 1; i <= 55; i += 1) await ana.send(`m${i}`);
    await until(() => ana.getSnapshot().outbox.length === 0, "Ana's first messages stored");
    const bob = sessions.session(code, "Bob");
    await bob.open();
    expect(bob.getSnapshot().messages).toHaveLength(50);
    const oldestHeld = bob.getSnapshot().messages[0]!;
    const ids = bob.getSnapshot().messages.map((m) => m.id);
    // Cut Bob's transport: his session reconnects by itself and catches up.
    const sockets = await server.realtime.io.in(code).fetchSockets();
    sockets.find((socket) => socket.data.name === "Bob")?.disconnect(true);
    await ana.edit(oldestHeld.id, "oldest held, edited");
    ana.toggleReaction(ids[1]!, "👍");
    ana.deleteMessage(ids[49]!);
    // Enough new messages that the snapshot Bob gets on reconnecting no longer holds the changed ones.
    for (let i = 56; i <= 110; i += 1) await ana.send(`m${i}`);
    await until(() => ana.getSnapshot().outbox.length === 0, "Ana's messages stored");
    const stored = async () => new Map((await server.storedHistory(code)).map((m) => [m.id, m]));
    const deadline = Date.now() + 10_000;
    while ((await stored()).get(ids[49]!)?.deletedAt === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await until(() => bob.getSnapshot().status === "connected", "Bob reconnected");
    await untilConverged(bob, code, "Bob after the drop");
    const shown = byId(bob);
    expect(shown.get(oldestHeld.id)?.text).toBe("oldest held, edited");
    expect(shown.get(ids[1]!)?.reactions).toEqual([{ emoji: "👍", names: ["Ana"] }]);
    expect(shown.get(ids[49]!)?.deletedAt).not.toBeNull();
    expect(bob.getSnapshot().messages).toHaveLength(105);
  });
});
