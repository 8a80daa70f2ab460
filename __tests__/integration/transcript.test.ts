/**
 * GET /api/rooms/{code}/transcript against the real server and a real SQLite file: both formats of a
 * room with a reply, an edit, a deletion, reactions and hostile names and text, and the refusals it
 * shares with the history route. transcript-memory.test.ts downloads a room of 100,000 messages.
 */
import path from "node:path";
import { Lexer, type Token, type Tokens } from "marked";
import { MessageSchema, formatRoomCode, type Ack, type Message } from "@/lib/protocol";
import { createRoom, join, startServer, storedHistory, tempDir, type RunningServer, type TestSocket } from "./harness";

/** A name that is Markdown: unescaped, it would be bold "Eve" and a link. */
const HOSTILE_NAME = "**Eve** [x](y)";
/** A text that tries to close its message and write a heading and another author's message line. */
const HOSTILE_TEXT = "hi\n\n---\n\n**Ana** · 2026-01-01 00:00:00 · #9\n\n# Heading\n\n```\nunclosed fence";

async function send(socket: TestSocket, event: string, payload: unknown): Promise<Message> {
  const ack = await (socket.emitWithAck as (e: string, p: unknown) => Promise<Ack<Message>>)(event, payload);
  if (!ack.ok) throw new Error(`${event}: ${ack.error.message}`);
  return ack.data;
}

/** Top-level tokens of a Markdown document, blank space left out. */
function blocks(markdown: string): Token[] {
  return new Lexer().lex(markdown).filter((token) => token.type !== "space");
}

describe("room transcripts (real server, real SQLite file)", () => {
  const tmp = tempDir("transcript");
  let server: RunningServer;
  let code: string;
  const transcript = (query: string, init?: RequestInit) => fetch(`${server.url}/api/rooms/${code}/transcript${query}`, init);

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"));
    code = await createRoom(server.url);
    const ana = (await join(server.url, { code, name: "Ana" })).socket;
    const eve = (await join(server.url, { code, name: HOSTILE_NAME })).socket;
    const first = await send(ana, "message:send", { text: "first *emphasis* kept", clientId: crypto.randomUUID() });
    const gone = await send(ana, "message:send", { text: "regretted", clientId: crypto.randomUUID() });
    await send(ana, "message:edit", { id: first.id, text: "first, edited" });
    await send(ana, "reaction:add", { messageId: first.id, emoji: "🎉" });
    await send(eve, "reaction:add", { messageId: first.id, emoji: "🎉" });
    await send(eve, "reaction:add", { messageId: first.id, emoji: "👍" });
    await send(ana, "message:delete", { id: gone.id });
    await send(eve, "message:send", { text: HOSTILE_TEXT, clientId: crypto.randomUUID(), replyTo: first.id });
    ana.close();
    eve.close();
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  it("writes JSON: the room's code and the protocol's Message objects, as history serves them", async () => {
    const response = await transcript("?format=json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="room-${formatRoomCode(code)}.json"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = (await response.json()) as { code: string; messages: unknown[] };
    expect(Object.keys(body)).toEqual(["code", "messages"]);
    expect(body.code).toBe(code);
    for (const message of body.messages) expect(MessageSchema.safeParse(message).success).toBe(true);
    expect(body.messages).toEqual(await storedHistory(server.url, code));
    expect(body.messages).toHaveLength(3);
  });

  it("writes Markdown people can read: names, local times, the edit, the deletion, the reply and reactions", async () => {
    // Kolkata: +05:30 all year, so the expected local time needs no time zone rules.
    const response = await transcript("?format=md&tz=Asia/Kolkata");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="room-${formatRoomCode(code)}.md"`);
    const markdown = await response.text();
    const [first, gone, reply] = await storedHistory(server.url, code);
    const local = (iso: string) => new Date(Date.parse(iso) + 5.5 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

    expect(markdown).toMatch(new RegExp(`^# Room ${formatRoomCode(code)}\n\nExported \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\. Times are in Asia/Kolkata\\.\n`));
    expect(markdown).toContain(`---\n\n**Ana** · ${local(first!.createdAt)} · #1 · (edited)\n\n> first, edited\n\n🎉 2 · 👍 1\n\n`);
    expect(markdown).toContain(`---\n\n**Ana** · ${local(gone!.createdAt)} · #2\n\n*deleted*\n\n`);
    expect(markdown).not.toContain("regretted");
    const escapedName = "\\*\\*Eve\\*\\* \\[x\\](y)";
    expect(markdown).toContain(`---\n\n**${escapedName}** · ${local(reply!.createdAt)} · #3\n\n> > ↪ **Ana** (#1): first, edited\n>\n> hi\n>\n> ---\n`);
  });

  it("keeps each message in its own block: a hostile name or text cannot forge a heading or another author's line", async () => {
    const tokens = blocks(await (await transcript("?format=md")).text());
    // The title, the export line, then per message: a rule, the author's line, the quoted text (and reactions).
    expect(tokens.filter((token) => token.type === "heading").map((token) => (token as Tokens.Heading).depth)).toEqual([1]);
    expect(tokens.filter((token) => token.type === "hr")).toHaveLength(3);
    const authorLines = tokens.filter((token): token is Tokens.Paragraph => token.type === "paragraph" && (token as Tokens.Paragraph).tokens[0]?.type === "strong");
    expect(authorLines.map((line) => (line.tokens[0] as Tokens.Strong).text)).toEqual(["Ana", "Ana", HOSTILE_NAME.replace(/[*[\]]/g, "\\$&")]);
    // The hostile text's rule, author line, heading and fence all stay inside its quote.
    const quotes = tokens.filter((token): token is Tokens.Blockquote => token.type === "blockquote");
    expect(quotes).toHaveLength(2);
    expect(quotes[1]!.tokens.map((token) => token.type).filter((type) => type !== "space")).toEqual(["blockquote", "paragraph", "hr", "paragraph", "heading", "code"]);
    expect(tokens.at(-1)).toMatchObject({ type: "blockquote" });
  });

  it("answers HEAD with the head only, refuses other methods, unknown rooms and bad queries", async () => {
    const head = await transcript("?format=json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-disposition")).toContain(".json");
    expect(await head.text()).toBe("");

    const post = await transcript("?format=md", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");

    const unknown = await fetch(`${server.url}/api/rooms/ZZZZZZZZZ/transcript?format=md`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "room_not_found" } });

    for (const query of ["?format=pdf", "?format=md&tz=Mars/Olympus", "?format=md&tz=%3Cb%3E", "?format=md&after=3"]) {
      const refused = await transcript(query);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: "invalid_payload" } });
    }
    // Without format: Markdown; any spelling of the code.
    const plain = await fetch(`${server.url}/api/rooms/${formatRoomCode(code).toLowerCase()}/transcript`);
    expect(plain.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
  });

  it("needs a room's passphrase in X-Room-Passphrase, URI-encoded", async () => {
    const passphrase = "sésame, ouvre-toi";
    const created = await fetch(`${server.url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ passphrase }) });
    const locked = ((await created.json()) as { code: string }).code;
    const get = (header?: string) =>
      fetch(`${server.url}/api/rooms/${locked}/transcript?format=json`, { headers: header === undefined ? {} : { "x-room-passphrase": header } });

    const missing = await get();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "passphrase_required" } });
    const wrong = await get(encodeURIComponent("sesame"));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: "wrong_passphrase" } });
    const right = await get(encodeURIComponent(passphrase));
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ code: locked, messages: [] });
  });
});

describe("room transcripts within the history budget (real server)", () => {
  const tmp = tempDir("transcript-budget");
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"), { RATE_HISTORY_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  it("costs history pages: an address that spent its budget on history gets 429 with Retry-After", async () => {
    const code = await createRoom(server.url);
    expect((await fetch(`${server.url}/api/rooms/${code}/transcript?format=json`)).status).toBe(200);
    for (let page = 0; page < 2; page += 1) expect((await fetch(`${server.url}/api/rooms/${code}/messages`)).status).toBe(200);
    const refused = await fetch(`${server.url}/api/rooms/${code}/transcript?format=json`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
