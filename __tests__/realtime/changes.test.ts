/**
 * Edits, deletions, replies and reactions over real sockets against the realtime layer in-process:
 * every rule's error code, retries, the live broadcast and catching up on changes.
 */
import type { Ack, ChangesPage, Message } from "@/lib/protocol";
import { nextEvent, type Member } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const uuid = () => crypto.randomUUID();

/** The data of an ack that must have succeeded. */
function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe("changes to messages (in-process server, real sockets)", () => {
  let server: InProcessServer;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    server = await startInProcess();
  });
  afterEach(() => {
    while (cleanup.length > 0) cleanup.pop()?.();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function member(code: string, name: string, memberToken?: string): Promise<Member> {
    const joined = await server.join(memberToken === undefined ? { code, name } : { code, name, memberToken });
    cleanup.push(() => joined.socket.close());
    return joined;
  }

  const send = async (who: Member, text: string, replyTo?: string): Promise<Message> =>
    ok((await who.socket.emitWithAck("message:send", { text, clientId: uuid(), ...(replyTo === undefined ? {} : { replyTo }) })) as Ack<Message>);
  const emit = (who: Member, event: "message:edit" | "message:delete" | "reaction:add" | "reaction:remove", payload: unknown) =>
    (who.socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<Message>>)(event, payload);

  it("edits live for everyone, sender included, and a retried edit is the same final state", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const bob = await member(code, "Bob");
    const message = await send(ana, "helo");
    const bobSees = nextEvent(bob.socket, "message:updated");
    const anaSees = nextEvent(ana.socket, "message:updated");
    const edited = ok(await emit(ana, "message:edit", { id: message.id, text: "  hello  " }));
    expect(edited).toMatchObject({ id: message.id, seq: message.seq, text: "hello", version: 1 });
    expect(edited.editedAt).not.toBeNull();
    expect(await bobSees).toEqual(edited);
    expect(await anaSees).toEqual(edited);
    expect(ok(await emit(ana, "message:edit", { id: message.id, text: "hello" }))).toEqual(edited);
  });

  it("answers forbidden to anyone but the author, whatever name they use, and message_not_found for unknown, foreign or deleted ids", async () => {
    const code = await server.createRoom();
    const other = await server.createRoom();
    const ana = await member(code, "Ana");
    const bob = await member(code, "Bob");
    const carl = await member(other, "Carl");
    const message = await send(ana, "mine");
    expect(await emit(bob, "message:edit", { id: message.id, text: "yours?" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await emit(bob, "message:delete", { id: message.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await emit(carl, "message:delete", { id: message.id })).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(await emit(carl, "reaction:add", { messageId: message.id, emoji: "👍" })).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(await emit(ana, "message:edit", { id: uuid(), text: "x" })).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    ok(await emit(ana, "message:delete", { id: message.id }));
    expect(await emit(ana, "message:edit", { id: message.id, text: "back" })).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(await emit(bob, "reaction:add", { messageId: message.id, emoji: "👍" })).toMatchObject({ ok: false, error: { code: "message_not_found" } });
  });

  it("refuses malformed changes as invalid_payload: edit text by the message rules, one emoji per reaction, strict shapes", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const message = await send(ana, "text");
    const refusals = [
      ["message:edit", { id: message.id, text: "   " }],
      ["message:edit", { id: message.id, text: "x".repeat(4001) }],
      ["message:edit", { id: message.id, text: "bell\u0007" }],
      ["message:edit", { id: "not-a-uuid", text: "x" }],
      ["message:edit", { id: message.id, text: "x", author: "Bob" }],
      ["message:delete", {}],
      ["reaction:add", { messageId: message.id, emoji: "👍👍" }],
      ["reaction:add", { messageId: message.id, emoji: "a" }],
      ["reaction:add", { messageId: message.id, emoji: "🇫🇷" }],
      ["reaction:add", { messageId: message.id, emoji: "<img src=x>" }],
      ["reaction:remove", { messageId: message.id }],
    ] as const;
    for (const [event, payload] of refusals) {
      expect([event, await emit(ana, event, payload)]).toEqual([event, { ok: false, error: { code: "invalid_payload", message: expect.any(String) } }]);
    }
    // Nothing changed, and the server is still answering.
    const { messages } = ok((await ana.socket.emitWithAck("messages:since", { afterSeq: 0 })) as Ack<{ messages: Message[] }>);
    expect(messages[0]).toEqual(message);
  });

  it("deletes for everyone: text and reactions gone, replies' quotes emptied; deleting again is the same state", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const bob = await member(code, "Bob");
    const original = await send(ana, "something I regret");
    const reply = await send(bob, "what?", original.id);
    expect(reply.replyTo).toEqual({ id: original.id, seq: original.seq, author: original.author, excerpt: "something I regret" });
    ok(await emit(bob, "reaction:add", { messageId: original.id, emoji: "😮" }));
    const bobSees = nextEvent(bob.socket, "message:updated");
    const deleted = ok(await emit(ana, "message:delete", { id: original.id }));
    expect(deleted).toMatchObject({ text: "", reactions: [], version: 2 });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await bobSees).toEqual(deleted);
    expect(ok(await emit(ana, "message:delete", { id: original.id }))).toEqual(deleted);
    const { messages } = ok((await bob.socket.emitWithAck("messages:since", { afterSeq: 0 })) as Ack<{ messages: Message[] }>);
    expect(messages.find((m) => m.id === reply.id)?.replyTo?.excerpt).toBe("");
  });

  it("answers message_not_found to a reply to a message of another room", async () => {
    const code = await server.createRoom();
    const other = await server.createRoom();
    const ana = await member(code, "Ana");
    const carl = await member(other, "Carl");
    const elsewhere = await send(carl, "not yours");
    const ack = (await ana.socket.emitWithAck("message:send", { text: "re", clientId: uuid(), replyTo: elsewhere.id })) as Ack<Message>;
    expect(ack).toMatchObject({ ok: false, error: { code: "message_not_found" } });
  });

  it("toggles reactions per member: the canonical emoji, names sorted, retries harmless, 20 emoji at most", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const bob = await member(code, "Bob");
    const message = await send(ana, "react to me");
    ok(await emit(bob, "reaction:add", { messageId: message.id, emoji: "❤" }));
    const both = ok(await emit(ana, "reaction:add", { messageId: message.id, emoji: "❤️" }));
    expect(both.reactions).toEqual([{ emoji: "❤️", names: ["Ana", "Bob"] }]);
    expect(ok(await emit(ana, "reaction:add", { messageId: message.id, emoji: "❤️" }))).toEqual(both);
    const removed = ok(await emit(bob, "reaction:remove", { messageId: message.id, emoji: "❤️" }));
    expect(removed.reactions).toEqual([{ emoji: "❤️", names: ["Ana"] }]);
    expect(ok(await emit(bob, "reaction:remove", { messageId: message.id, emoji: "❤️" }))).toEqual(removed);
    for (let i = 1; i < 20; i += 1) ok(await emit(bob, "reaction:add", { messageId: message.id, emoji: String.fromCodePoint(0x1f600 + i) }));
    expect(await emit(bob, "reaction:add", { messageId: message.id, emoji: "🚀" })).toMatchObject({ ok: false, error: { code: "too_many_reactions" } });
  });

  it("serves the changes a member missed, by version, and the snapshot says where they start", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const first = await send(ana, "one");
    const second = await send(ana, "two");
    ok(await emit(ana, "message:edit", { id: first.id, text: "one, edited" }));
    const late = await member(code, "Bob");
    expect(late.snapshot.lastChange).toBe(1);
    expect(late.snapshot.messages.map((m) => m.text)).toEqual(["one, edited", "two"]);
    ok(await emit(ana, "reaction:add", { messageId: second.id, emoji: "👍" }));
    ok(await emit(ana, "message:delete", { id: first.id }));
    const page = ok((await late.socket.emitWithAck("changes:since", { afterVersion: late.snapshot.lastChange })) as Ack<ChangesPage>);
    expect(page.hasMore).toBe(false);
    expect(page.messages.map((m) => [m.id, m.version])).toEqual([
      [second.id, 2],
      [first.id, 3],
    ]);
    expect(page.messages[1]).toMatchObject({ text: "", deletedAt: expect.any(String) });
    const paged = ok((await late.socket.emitWithAck("changes:since", { afterVersion: 0, limit: 1 })) as Ack<ChangesPage>);
    expect(paged).toMatchObject({ hasMore: true, messages: [{ version: 2 }] });
    expect(await late.socket.emitWithAck("changes:since", { afterVersion: -1 })).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
  });
});
