/** Paging back through a room's history over HTTP, a page before the oldest message shown. */
import { HISTORY_PAGE_DEFAULT } from "../../protocol";
import { fetchOlderMessages } from "../api";
import { ApiRequestError } from "../refusals";
import { mergeMessages } from "../timeline";
import type { RoomStore } from "./room-store";

/** Loads one older page into the store; a refused or failed request only ends the loading state. */
export async function loadOlder(code: string, store: RoomStore): Promise<void> {
  const { messages, loadingOlder, hasOlder } = store.getSnapshot();
  const first = messages[0];
  if (loadingOlder || !hasOlder || first === undefined) return;
  store.update({ loadingOlder: true });
  try {
    const page = await fetchOlderMessages(code, first.seq, HISTORY_PAGE_DEFAULT);
    store.update({ messages: mergeMessages(store.getSnapshot().messages, page.messages), hasOlder: page.hasOlder, loadingOlder: false });
  } catch (error) {
    store.update({ loadingOlder: false });
    if (!(error instanceof ApiRequestError)) throw error;
  }
}
