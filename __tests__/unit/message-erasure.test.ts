/**
 * A deleted message's text leaves the SQLite files, not only the view (issue 17): not in chat.db, not
 * in chat.db-wal, searched byte by byte in both. Without secure_delete the freed bytes stay in the
 * page; without the checkpoint after deletions they stay in the WAL's older frames.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
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
});
