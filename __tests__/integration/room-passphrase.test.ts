/**
 * A room with a passphrase against the real server (issue 19): its history is read over HTTP only with
 * the passphrase in X-Room-Passphrase (URI-encoded, so any Unicode passphrase fits a header), joining
 * needs it, and what anyone with the code may know of the room says it has one.
 */
import path from "node:path";
import { join, startServer, tempDir, type RunningServer, type TestSocket } from "./harness";

const PASSPHRASE = "Sésame, ouvre-toi 🔑";

describe("a room with a passphrase (real server)", () => {
  const tmp = tempDir("passphrase");
  let server: RunningServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
    tmp.remove();
  });

  async function passphraseRoom(): Promise<{ code: string; ownerKey: string }> {
    const response = await fetch(`${server.url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ passphrase: PASSPHRASE, lifetimeHours: 24 }) });
    expect(response.status).toBe(201);
    return (await response.json()) as { code: string; ownerKey: string };
  }

  const history = (code: string, passphrase?: string) =>
    fetch(`${server.url}/api/rooms/${code}/messages`, passphrase === undefined ? {} : { headers: { "x-room-passphrase": encodeURIComponent(passphrase) } });

  it("serves the history only with the passphrase, and says so in the room's info", async () => {
    const { code, ownerKey } = await passphraseRoom();
    const owner = await join(server.url, { code, name: "Ana", ownerKey });
    sockets.push(owner.socket);
    await owner.socket.emitWithAck("message:send", { text: "for members only", clientId: crypto.randomUUID() });

    const info = await fetch(`${server.url}/api/rooms/${code}`);
    expect(await info.json()).toMatchObject({ code, hasPassphrase: true, locked: false, lifetimeHours: 24 });

    const without = await history(code);
    expect(without.status).toBe(401);
    expect(await without.json()).toMatchObject({ error: { code: "passphrase_required" } });
    const wrong = await history(code, "Sesame, ouvre-toi 🔑");
    expect(wrong.status).toBe(403);
    const wrongBody = JSON.stringify(await wrong.json());
    expect(wrongBody).toContain("wrong_passphrase");
    expect(wrongBody).not.toContain("members only");
    const right = await history(code, PASSPHRASE);
    expect(right.status).toBe(200);
    expect(((await right.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toEqual(["for members only"]);
  });

  it("lets members read by their token alone, even locked; refuses strangers while locked and kicked members always", async () => {
    const { code, ownerKey } = await passphraseRoom();
    const owner = await join(server.url, { code, name: "Ana", ownerKey, memberToken: "token-ana-0123456789" });
    const bob = await join(server.url, { code, name: "Bob", passphrase: PASSPHRASE, memberToken: "token-bob-0123456789" });
    sockets.push(owner.socket, bob.socket);
    await owner.socket.emitWithAck("message:send", { text: "members read this", clientId: crypto.randomUUID() });
    const read = (headers: Record<string, string>) => fetch(`${server.url}/api/rooms/${code}/messages`, { headers }).then((r) => r.status);
    expect(await read({ "x-member-token": "token-ana-0123456789" })).toBe(200);
    expect(await read({ "x-member-token": "token-bob-0123456789" })).toBe(200);
    expect(await read({ "x-member-token": "token-eve-0123456789" })).toBe(401);
    expect(await owner.socket.emitWithAck("room:lock", { locked: true })).toMatchObject({ ok: true });
    // Locked: a stranger is refused even with the passphrase; a member is not.
    expect(await read({ "x-room-passphrase": encodeURIComponent(PASSPHRASE) })).toBe(403);
    expect(await read({ "x-member-token": "token-bob-0123456789" })).toBe(200);
    expect(await owner.socket.emitWithAck("room:kick", { name: "Bob" })).toMatchObject({ ok: true });
    expect(await read({ "x-member-token": "token-bob-0123456789", "x-room-passphrase": encodeURIComponent(PASSPHRASE) })).toBe(403);
    const transcript = await fetch(`${server.url}/api/rooms/${code}/transcript?format=json`, { headers: { "x-member-token": "token-bob-0123456789" } });
    expect(await transcript.json()).toMatchObject({ error: { code: "kicked" } });
  });

  it("asks a newcomer's handshake for it", async () => {
    const { code } = await passphraseRoom();
    const refused = await join(server.url, { code, name: "Bob" }).then(
      () => "joined",
      (error: Error) => error.message,
    );
    expect(refused).toBe("passphrase_required");
    const bob = await join(server.url, { code, name: "Bob", passphrase: PASSPHRASE });
    sockets.push(bob.socket);
    expect(bob.snapshot.room).toMatchObject({ hasPassphrase: true, owner: null });
  });
});
