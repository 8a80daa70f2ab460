/**
 * Fills a room with stored messages straight into the app's SQLite file, while the app is stopped:
 * posting 100,000 messages through the socket would take minutes and measure something else. Rows
 * follow lib/store/migrations/0001_rooms_and_messages.ts: gap-free seq 1..N, a unique client_id per
 * row, and rooms.last_seq = N so that the next message gets N + 1.
 */
import { createHash, randomUUID } from "node:crypto";
import Database from "better-sqlite3";

const AUTHORS = ["Ana", "Bruno", "Chen", "Dalia", "Emeka", "Fatima", "Goran", "Hana"].map((name) => ({
  name,
  id: createHash("sha256").update(`bench-author-${name}`).digest("hex").slice(0, 32),
}));

const WORDS = "the quick brown fox jumps over a lazy dog while seven chatty members trade links and jokes".split(" ");

function textFor(seq: number): string {
  const length = 4 + (seq % 17);
  return Array.from({ length }, (_, i) => WORDS[(seq * 7 + i * 3) % WORDS.length]).join(" ");
}

/**
 * Inserts `rows` messages into `roomCode` in one transaction; returns how long it took, in ms. `text`
 * gives the text of each seq (by default 4 to 20 words).
 */
export function seedHistory(databaseFile: string, roomCode: string, rows: number, text: (seq: number) => string = textFor): number {
  const started = performance.now();
  const db = new Database(databaseFile);
  try {
    const insert = db.prepare(
      "INSERT INTO messages (id, room_code, seq, author_id, author_name, client_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const firstTime = Date.now() - rows * 1000;
    db.transaction(() => {
      for (let seq = 1; seq <= rows; seq += 1) {
        const author = AUTHORS[seq % AUTHORS.length]!;
        const createdAt = new Date(firstTime + seq * 1000).toISOString();
        insert.run(randomUUID(), roomCode, seq, author.id, author.name, randomUUID(), text(seq), createdAt);
      }
      const updated = db.prepare("UPDATE rooms SET last_seq = ? WHERE code = ?").run(rows, roomCode);
      if (updated.changes !== 1) throw new Error(`room ${roomCode} is not in ${databaseFile}`);
    })();
  } finally {
    db.close();
  }
  return performance.now() - started;
}
