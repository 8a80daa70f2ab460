import path from "node:path";
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, join, startServer, tempDir, type RunningServer } from "./harness";

describe("HTTP API (real server, real SQLite file)", () => {
  const tmp = tempDir("http");
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"));
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  it("answers /healthz with 200 once ready", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("tells the server's own time in Server-Timing, for pages and API routes alike", async () => {
    const code = await createRoom(server.url);
    for (const url of [`${server.url}/api/rooms/${code}/messages?limit=5`, `${server.url}/room/${code}`, `${server.url}/nowhere`]) {
      const header = (await fetch(url)).headers.get("server-timing") ?? "";
      const ms = Number(/^app;dur=(\d+\.\d\d)$/.exec(header)?.[1]);
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThan(10_000);
    }
  });

  it("serves history in its current state: edits, deletions, replies and reactions, over HTTP as over the socket", async () => {
    const code = await createRoom(server.url);
    const { socket } = await join(server.url, { code, name: "Ana" });
    const ok = async (event: string, payload: unknown): Promise<Message> => {
      const ack = (await (socket.emitWithAck as (e: string, p: unknown) => Promise<Ack<Message>>)(event, payload));
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.data;
    };
    const first = await ok("message:send", { text: "first", clientId: crypto.randomUUID() });
    const gone = await ok("message:send", { text: "regretted", clientId: crypto.randomUUID() });
    await ok("message:edit", { id: first.id, text: "first, edited" });
    const reacted = await ok("reaction:add", { messageId: first.id, emoji: "🎉" });
    await ok("message:delete", { id: gone.id });
    const reply = await ok("message:send", { text: "re", clientId: crypto.randomUUID(), replyTo: gone.id });
    socket.close();
    const { messages } = (await (await fetch(`${server.url}/api/rooms/${code}/messages`)).json()) as { messages: Message[] };
    expect(messages[0]).toEqual(reacted);
    expect(messages[1]).toMatchObject({ id: gone.id, text: "", reactions: [], version: 3, deletedAt: expect.any(String) });
    expect(messages[2]).toEqual(reply);
    expect(reply.replyTo).toMatchObject({ id: gone.id, seq: 2, excerpt: "" });
  });

  it("creates rooms with fresh, well-formed codes", async () => {
    const response = await fetch(`${server.url}/api/rooms`, { method: "POST" });
    expect(response.status).toBe(201);
    const { code } = (await response.json()) as { code: string };
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{9}$/);
    expect(await createRoom(server.url)).not.toBe(code);
  });

  it("creates a room with the lifetime and passphrase chosen, and hands out its owner key once", async () => {
    const post = (body: string, type = "application/json") => fetch(`${server.url}/api/rooms`, { method: "POST", body, headers: { "content-type": type } });
    const plain = await fetch(`${server.url}/api/rooms`, { method: "POST" });
    expect(plain.status).toBe(201);
    expect(plain.headers.get("cache-control")).toBe("no-store");
    const first = (await plain.json()) as { code: string; ownerKey: string; lifetimeHours: number };
    expect(first).toMatchObject({ lifetimeHours: 168, ownerKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    const chosen = await post(JSON.stringify({ lifetimeHours: 1, passphrase: "open sesame" }));
    expect(chosen.status).toBe(201);
    const second = (await chosen.json()) as { code: string; ownerKey: string; lifetimeHours: number };
    expect(second.lifetimeHours).toBe(1);
    expect(second.ownerKey).not.toBe(first.ownerKey);

    // Anyone with the code sees the lifetime, when the room ends if nobody writes, its lock and that it
    // needs a passphrase; never the owner key or the passphrase.
    const info = (await (await fetch(`${server.url}/api/rooms/${second.code}`)).json()) as Record<string, unknown>;
    expect(info).toEqual({ code: second.code, lifetimeHours: 1, expiresAt: expect.any(String), locked: false, hasPassphrase: true });
    const expiresIn = Date.parse(info.expiresAt as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(50 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    expect(await (await fetch(`${server.url}/api/rooms/${first.code}`)).json()).toMatchObject({ lifetimeHours: 168, hasPassphrase: false });

    for (const [body, why] of [
      [JSON.stringify({ lifetimeHours: 2 }), /^A lifetime is one of 1, 24, 168, 720 hours\.$/],
      [JSON.stringify({ lifetimeHours: "24" }), /^A lifetime is one of/],
      [JSON.stringify({ passphrase: "x".repeat(257) }), /256/],
      [JSON.stringify({ owner: "me" }), /./],
      ["{ not json", /not JSON/],
      [JSON.stringify({ passphrase: "y".repeat(5_000) }), /too large/],
    ] as const) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("invalid_payload");
      expect(error.message).toMatch(why);
    }
  });

  it("finds a room by any spelling of its code", async () => {
    const code = await createRoom(server.url);
    const spelled = `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`.toLowerCase();
    const response = await fetch(`${server.url}/api/rooms/${spelled}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code });
  });

  it("answers 404 room_not_found for unknown and malformed codes", async () => {
    for (const code of ["ZZZ-ZZZ-ZZZ", "nope", "%3Cscript%3E"]) {
      const response = await fetch(`${server.url}/api/rooms/${code}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("room_not_found");
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it("serves an empty history for a new room and refuses bad paging parameters", async () => {
    const code = await createRoom(server.url);
    const empty = await fetch(`${server.url}/api/rooms/${code}/messages`);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ messages: [], hasOlder: false });

    for (const query of ["limit=0", "limit=101", "limit=abc", "before=-1", "unknown=1"]) {
      const response = await fetch(`${server.url}/api/rooms/${code}/messages?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_payload");
    }
    const missing = await fetch(`${server.url}/api/rooms/ZZZZZZZZZ/messages`);
    expect(missing.status).toBe(404);
  });

  it("serves the room page for a known code and a not-found page for an unknown one", async () => {
    const code = await createRoom(server.url);
    const page = await fetch(`${server.url}/room/${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`);
    expect(page.status).toBe(200);
    const missing = await fetch(`${server.url}/room/ZZZ-ZZZ-ZZZ`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/not found/i);
  });
});
