/**
 * A store that fills up, on the real server. The disk really fills: SQLITE_MAX_SIZE_MB caps the database
 * file with SQLite's max_page_count, and a write past it fails inside SQLite with SQLITE_FULL, the same
 * error a full file system gives. (A small tmpfs would need root to mount.) Then an operator frees space by
 * deleting messages, and the server recovers by itself, without a restart and before anyone sends.
 */
import { statSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, join, startServer, tempDir, type Member, type RunningServer } from "./harness";

const readiness = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
};

describe("a full disk (real server, SQLITE_MAX_SIZE_MB=1)", () => {
  const tmp = tempDir("disk-full");
  const file = path.join(tmp.dir, "data", "chat.db");
  let server: RunningServer;
  let ana: Member;

  beforeAll(async () => {
    // Generous per-address limits: this test stores a megabyte from one address in seconds.
    server = await startServer(file, { SQLITE_MAX_SIZE_MB: "1", RATE_ADDRESS_KB_PER_MINUTE: "1000000", STORAGE_MAX_MB: "1000", ROOM_STORAGE_MB: "1000" });
    ana = await join(server.url, { code: await createRoom(server.url), name: "Ana" });
  });
  afterAll(async () => {
    ana?.socket.close();
    await server?.stop();
    tmp.remove();
  });

  const send = () => ana.socket.emitWithAck("message:send", { text: "x".repeat(4000), clientId: crypto.randomUUID() }) as Promise<Ack<Message>>;

  it("created the database file and its directory for the server's user only", () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it("answers sends unavailable once full, and /readyz turns red on its storage check while /healthz stays up", async () => {
    expect(await readiness(server.url)).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", storage: "ok" } } });
    let refused: Ack<Message> | undefined;
    for (let sent = 0; refused === undefined; sent += 1) {
      // 1 MB holds about 210 of these; a cap that never bites fails here instead of looping.
      expect(sent).toBeLessThan(1000);
      const ack = await send();
      if (!ack.ok) refused = ack;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: "unavailable" } });
    // The first refusal may come from a page split in the client-id index that a later row, whose random
    // id lands in an index page with room, does not need: a row or two may still fit, then none can,
    // for each of these rows needs a page of its own. (CI once saw the send after the first refusal fit.)
    let fitted = 0;
    for (let refusedInARow = 1; refusedInARow < 3; ) {
      const ack = await send();
      if (ack.ok) {
        fitted += 1;
        refusedInARow = 0;
      } else {
        expect(ack).toMatchObject({ ok: false, error: { code: "unavailable" } });
        refusedInARow += 1;
      }
      expect(fitted).toBeLessThanOrEqual(2);
    }

    expect(await readiness(server.url)).toEqual({ status: 503, body: { status: "unavailable", checks: { database: "ok", storage: "failed" } } });
    // Liveness: a restart frees no space, and readers are still served.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output.join("\n")).toMatch(/database writes fail/);
  });

  it("turns ready again by itself once space is freed, before anyone sends, and takes sends again", async () => {
    const operator = new SqliteDatabase(file);
    operator.pragma("busy_timeout = 5000");
    operator.prepare("delete from messages where seq % 2 = 0").run();
    operator.close();

    expect(await readiness(server.url)).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", storage: "ok" } } });
    expect(await send()).toMatchObject({ ok: true });
    expect(server.output.join("\n")).toMatch(/database writes work again/);
  });
});
