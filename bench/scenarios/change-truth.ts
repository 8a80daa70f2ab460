/**
 * The `changes` scenario's final word on what each room holds: every message of the room, in its
 * current state, read over `GET /api/rooms/{code}/messages` a page at a time from the newest back.
 * The app serves it from its database; the reference, with REFERENCE_KEEP_MESSAGES=1, from memory.
 */
import { HISTORY_PAGE_MAX, type Message } from "../../lib/protocol";

interface Page {
  messages: Message[];
  hasOlder: boolean;
}

async function readPage(url: string, code: string, before: number | undefined): Promise<Page> {
  const query = before === undefined ? "" : `&before=${before}`;
  const response = await fetch(`${url}/api/rooms/${encodeURIComponent(code)}/messages?limit=${HISTORY_PAGE_MAX}${query}`);
  if (!response.ok) throw new Error(`GET /api/rooms/${code}/messages: ${response.status} ${await response.text()}`);
  return (await response.json()) as Page;
}

/** Every message of the room, oldest first. */
export async function readRoom(url: string, code: string): Promise<Message[]> {
  const pages: Message[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = await readPage(url, code, before);
    pages.unshift(page.messages);
    const oldest = page.messages[0];
    if (!page.hasOlder || oldest === undefined) return pages.flat();
    before = oldest.seq;
  }
}

/** Every room's messages, a few rooms at a time. */
export async function readRooms(url: string, codes: readonly string[]): Promise<Record<string, Message[]>> {
  const truth: Record<string, Message[]> = {};
  for (let start = 0; start < codes.length; start += 10) {
    const batch = codes.slice(start, start + 10);
    const read = await Promise.all(batch.map((code) => readRoom(url, code)));
    batch.forEach((code, i) => (truth[code] = read[i] ?? []));
  }
  return truth;
}
