/**
 * A deleted message's text leaves the SQLite files, not only the view (issue 17): not in chat.db, not
 * in chat.db-wal, searched byte by byte in both. Without secure_delete the freed bytes stay in the
 * page; without the checkpoint after deletions they stay in the WAL's older frames.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { openSqliteStore } from "@/lib/store/sqlite";
import type { Message } from "@/lib/protocol";
import { tempDir } from "../../tooling/temp-dir";

/** Whether `needle` (UTF-8) occurs anywhere in the file. */
function fileHolds(file: string, needle: string): boolean {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(needle, "utf8"));
}

describe("erasing a deleted message from the SQLite files", () => {
  const tmp = tempDir("erasure");
  afterAll(() => tmp.remove());

  it("leaves no trace of its text in chat.db or chat.db-wal once the deletion's checkpoint ran, and keeps the other messages", async () => {
    const file = path.join(tmp.dir, "chat.db");
    const store = await openSqliteStore(file, { roomQuotaBytes: 1 << 20 });
    await store.createRoom("ROOMAAAAA", new Date());
    const secret = `the secret is ${crypto.randomUUID()}`;
    const kept = `still here ${crypto.randomUUID()}`;
    const post = async (text: string, n: number): Promise<Message> => {
      const outcome = await store.appendMessage({ roomCode: "ROOMAAAAA", authorId: "a", authorName: "Ana", clientId: `00000000-0000-4000-8000-00000000000${n}`, text, createdAt: new Date() });
      if (outcome === null || typeof outcome === "string") throw new Error(String(outcome));
      return outcome.message;
    };
    const message = await post(secret, 1);
    await post(kept, 2);
    // An edit leaves the old text in a freed cell too: the deletion must erase every version of it.
    await store.changeMessage({ kind: "edit", roomCode: "ROOMAAAAA", messageId: message.id, memberId: "a", text: `${secret} (edited)`, at: new Date() });
    expect(fileHolds(file, secret) || fileHolds(`${file}-wal`, secret)).toBe(true);

    expect(await store.changeMessage({ kind: "delete", roomCode: "ROOMAAAAA", messageId: message.id, memberId: "a", at: new Date() })).toMatchObject({ changed: true });
    // The checkpoint runs about a second after the deletion.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fileHolds(file, secret)).toBe(false);
    expect(fileHolds(`${file}-wal`, secret)).toBe(false);
    expect(fileHolds(file, kept) || fileHolds(`${file}-wal`, kept)).toBe(true);
    const { messages } = await store.listMessages("ROOMAAAAA", { limit: 10 });
    expect(messages.map((m) => m.text)).toEqual(["", kept]);
    await store.close();
  });

  it("an ended or expired room leaves no trace of its messages, its names or its kicks in chat.db or chat.db-wal", async () => {
    const file = path.join(tmp.dir, "room", "chat.db");
    mkdirSync(path.dirname(file), { recursive: true });
    const store = await openSqliteStore(file, { roomQuotaBytes: 1 << 20 });
    await store.createRoom("ROOMAAAAA", new Date(), { ownerKeyHash: "b".repeat(64), lifetimeHours: 24, passphraseHash: null });
    await store.createRoom("ROOMBBBBB", new Date());
    const secrets = Array.from({ length: 3 }, () => `room secret ${crypto.randomUUID()}`);
    const name = `Name${crypto.randomUUID().slice(0, 8)}`;
    for (const [n, text] of secrets.entries()) {
      await store.appendMessage({ roomCode: "ROOMAAAAA", authorId: "a", authorName: name, clientId: `00000000-0000-4000-8000-00000000002${n}`, text, createdAt: new Date() });
    }
    await store.reserveName("ROOMAAAAA", { nameKey: name.toLowerCase(), memberId: "a", name, at: new Date() }, 10);
    const kickedName = `Kicked${crypto.randomUUID().slice(0, 8)}`;
    await store.kickMember("ROOMAAAAA", { memberId: "k", name: kickedName, kickedAt: new Date().toISOString() });
    const kept = `other room ${crypto.randomUUID()}`;
    await store.appendMessage({ roomCode: "ROOMBBBBB", authorId: "b", authorName: "Bo", clientId: "00000000-0000-4000-8000-000000000030", text: kept, createdAt: new Date() });
    const anywhere = (needle: string) => fileHolds(file, needle) || fileHolds(`${file}-wal`, needle);
    expect(secrets.every(anywhere)).toBe(true);

    expect(await store.deleteRoom("ROOMAAAAA", new Date())).toBe(true);
    // The checkpoint runs about a second after the deletion.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const needle of [...secrets, name, kickedName]) expect(anywhere(needle)).toBe(false);
    expect(anywhere(kept)).toBe(true);
    await store.close();
  });

  it("erases on the next start what a crash kept from being erased: the files as they were a moment after the deletion", async () => {
    const file = path.join(tmp.dir, "crash", "chat.db");
    const copy = path.join(tmp.dir, "after-crash", "chat.db");
    mkdirSync(path.dirname(copy), { recursive: true });
    const store = await openSqliteStore(file, { roomQuotaBytes: 1 << 20 });
    await store.createRoom("ROOMAAAAA", new Date());
    const secret = `crash secret ${crypto.randomUUID()}`;
    const outcome = await store.appendMessage({ roomCode: "ROOMAAAAA", authorId: "a", authorName: "Ana", clientId: "00000000-0000-4000-8000-000000000009", text: secret, createdAt: new Date() });
    if (outcome === null || typeof outcome === "string") throw new Error(String(outcome));
    await store.changeMessage({ kind: "delete", roomCode: "ROOMAAAAA", messageId: outcome.message.id, memberId: "a", at: new Date() });
    // What a SIGKILL inside the second before the checkpoint leaves on disk.
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    await store.close();
    expect(fileHolds(`${copy}-wal`, secret)).toBe(true);

    const restarted = await openSqliteStore(copy, { roomQuotaBytes: 1 << 20 });
    expect(fileHolds(copy, secret)).toBe(false);
    expect(fileHolds(`${copy}-wal`, secret)).toBe(false);
    expect((await restarted.listMessages("ROOMAAAAA", { limit: 5 })).messages).toMatchObject([{ text: "", deletedAt: expect.any(String) }]);
    await restarted.close();
  });

  it("does not stop the event loop while another connection's reader (a backup, say) holds the checkpoint back, and erases once it lets go", async () => {
    const file = path.join(tmp.dir, "busy", "chat.db");
    const store = await openSqliteStore(file, { roomQuotaBytes: 1 << 20 });
    await store.createRoom("ROOMAAAAA", new Date());
    const secret = `busy secret ${crypto.randomUUID()}`;
    const outcome = await store.appendMessage({ roomCode: "ROOMAAAAA", authorId: "a", authorName: "Ana", clientId: "00000000-0000-4000-8000-000000000010", text: secret, createdAt: new Date() });
    if (outcome === null || typeof outcome === "string") throw new Error(String(outcome));
    // A reader in a transaction (a backup, say) pins the WAL: a TRUNCATE checkpoint cannot finish.
    const reader = new SqliteDatabase(file);
    reader.exec("begin");
    reader.prepare("select count(*) from messages").get();
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    try {
      await store.changeMessage({ kind: "delete", roomCode: "ROOMAAAAA", messageId: outcome.message.id, memberId: "a", at: new Date() });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(longestGap).toBeLessThan(500);
      expect(fileHolds(`${file}-wal`, secret)).toBe(true);
      reader.exec("commit");
      const deadline = Date.now() + 10_000;
      while (fileHolds(`${file}-wal`, secret) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fileHolds(`${file}-wal`, secret)).toBe(false);
      expect(fileHolds(file, secret)).toBe(false);
    } finally {
      clearInterval(ticker);
      reader.close();
      await store.close();
    }
  }, 20_000);
});
