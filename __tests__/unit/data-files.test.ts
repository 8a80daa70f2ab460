import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqliteStore } from "@/lib/store/sqlite";

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("the SQLite database's files", () => {
  const root = mkdtempSync(path.join(tmpdir(), "roomchat-modes-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("are created readable by the server's user only: directories 0700, the database and its -wal and -shm 0600", async () => {
    const file = path.join(root, "new", "nested", "chat.db");
    const store = await openSqliteStore(file, { roomQuotaBytes: 1024 });
    try {
      await store.createRoom("MODEMODE1", new Date());
      expect(modeOf(path.join(root, "new"))).toBe(0o700);
      expect(modeOf(path.join(root, "new", "nested"))).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
      // While the store is open the WAL and shared-memory files exist, and SQLite gave them the database's mode.
      expect(modeOf(`${file}-wal`)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it("are tightened to 0600 when an older version left them readable by others; the directory is left as it was", async () => {
    const dir = path.join(root, "existing");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, "chat.db");
    await (await openSqliteStore(file, { roomQuotaBytes: 1024 })).close();
    chmodSync(file, 0o644);
    // As a crash leaves them: a WAL and shared-memory file from before, readable by everyone.
    writeFileSync(`${file}-wal`, "");
    writeFileSync(`${file}-shm`, "");
    chmodSync(`${file}-wal`, 0o644);
    chmodSync(`${file}-shm`, 0o644);

    const store = await openSqliteStore(file, { roomQuotaBytes: 1024 });
    try {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(`${file}-wal`)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
      expect(modeOf(dir)).toBe(0o755);
    } finally {
      await store.close();
    }
  });
});
