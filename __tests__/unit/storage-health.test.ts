/**
 * A store that runs out of space, for real: SQLite capped by SQLITE_MAX_SIZE_MB's max_page_count fails
 * with SQLITE_FULL, as on a full disk. No mocks: the appends go through the real SQLite store.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { isDomainError } from "@/lib/errors";
import { openSqliteStore } from "@/lib/store/sqlite";
import { trackStorageHealth } from "@/lib/store/storage-health";
import type { ChatStore } from "@/lib/store/types";

const ROOM = "FULLDISK1";
const text = "x".repeat(4000);
const send = (store: ChatStore) =>
  store.appendMessage({ roomCode: ROOM, authorId: "author", authorName: "Ana", clientId: randomUUID(), text, createdAt: new Date() });

describe("storage health over a SQLite store that fills up", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roomchat-full-"));
  const file = path.join(dir, "chat.db");
  let inner: ChatStore;
  afterAll(async () => {
    await inner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers unavailable and fails its check while full, and recovers without a send once space is freed", async () => {
    inner = await openSqliteStore(file, { maxBytes: 1024 * 1024, roomQuotaBytes: 64 * 1024 * 1024 });
    const changes: unknown[] = [];
    const health = trackStorageHealth(inner, { onChange: (failure) => changes.push(failure) });
    await expect(health.check()).resolves.toBeUndefined();
    await health.store.createRoom(ROOM, new Date());

    let refusal: unknown;
    for (let sent = 0; refusal === undefined; sent += 1) {
      // 1 MB holds about 250 of these; a store that never fills would fail here, not loop forever.
      expect(sent).toBeLessThan(1000);
      await send(health.store).catch((error: unknown) => (refusal = error));
    }
    expect(isDomainError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: "unavailable" });
    // SQLite's code reaches the store's caller: that is what the mapping reads.
    await expect(send(inner)).rejects.toMatchObject({ code: "SQLITE_FULL" });
    await expect(health.check()).rejects.toMatchObject({ code: "unavailable" });
    expect(changes).toEqual([expect.objectContaining({ code: "SQLITE_FULL" })]);

    // The operator frees space: the deleted rows' pages are reused, the file does not grow.
    const operator = new SqliteDatabase(file);
    operator.pragma("busy_timeout = 5000");
    operator.prepare("delete from messages where room_code = ? and seq % 2 = 0").run(ROOM);
    operator.close();

    await expect(health.check()).resolves.toBeUndefined();
    expect(changes).toEqual([expect.anything(), null]);
    await expect(send(health.store)).resolves.toMatchObject({ created: true });
  });
});
