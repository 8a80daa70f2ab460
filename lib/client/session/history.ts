/** Paging back through a room's history over HTTP, a page before the oldest message shown. */
import { HISTORY_PAGE_DEFAULT } from "../../protocol";
import { fetchOlderMessages } from "../api";
import { ApiRequestError } from "../refusals";
import type { RoomStore } from "./room-store";

/** Loads one older page into the store; a refused or failed request only ends the loading state. */
export async function loadOlder(code: string, store: RoomStore): Promise<void> {
  const { messages, loadingOlder, hasOlder } = store.getSnapshot();
  const first = messages[0];
  if (loadingOlder || !hasOlder || first === undefined) return;
  store.update({ loadingOlder: true });
  try {
    const page = await fetchOlderMessages(code, first.seq, HISTORY_PAGE_DEFAULT);
    store.addMessages(page.messages, { restored: false });
    store.update({ hasOlder: page.hasOlder, loadingOlder: false });
  } catch (error) {
    store.update({ loadingOlder: false });
    if (!(error instanceof ApiRequestError)) throw error;
  }
}

/**
 * Pages back until the message numbered `seq` is held (a reply's quote was clicked); false if it
 * cannot be (no older history, or a page failed).
 */
export async function loadOlderUntil(code: string, store: RoomStore, seq: number): Promise<boolean> {
  for (;;) {
    const { messages, hasOlder } = store.getSnapshot();
    if ((messages[0]?.seq ?? Infinity) <= seq) return messages.some((message) => message.seq === seq);
    if (!hasOlder) return false;
    const before = messages.length;
    await loadOlder(code, store);
    if (store.getSnapshot().messages.length === before) return false;
  }
}
