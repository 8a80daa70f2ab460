/**
 * Every page of history a client gets (HTTP, messages:since, the join snapshot) is capped in bytes as
 * well as in messages: 100 messages of 4,000 four-byte characters would be 1.6 MB, and a client asking
 * for pages in a loop made the server buffer hundreds of MB (issue 15). A page keeps at least one
 * message, so a client always makes progress, and says that more follow.
 */
import { HISTORY_PAGE_MAX_BYTES, type Message } from "../protocol";

/**
 * A close upper bound of a message's JSON size: its strings' UTF-8 bytes, escapes allowed for, and the
 * fixed fields. Reactions count: 20 emoji with every member's name under each would be a few hundred KB.
 */
function messageBytes(message: Message): number {
  let strings = message.text.length + message.author.name.length;
  let fields = 256;
  if (message.replyTo !== null) {
    strings += message.replyTo.excerpt.length + message.replyTo.author.name.length;
    fields += 128;
  }
  for (const reaction of message.reactions) {
    strings += reaction.emoji.length;
    fields += 24;
    for (const name of reaction.names) {
      strings += name.length;
      fields += 3;
    }
  }
  // A UTF-16 unit is at most 3 bytes in UTF-8 (a surrogate pair, 2 units, is 4); a JSON escape (\uXXXX) is 6.
  return 3 * strings + fields;
}

/** How many messages, taken from the start (`from: "first"`) or the end, fit in one page. */
function countWithin(messages: readonly Message[], from: "first" | "last", budget = HISTORY_PAGE_MAX_BYTES): number {
  let used = 0;
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[from === "first" ? i : messages.length - 1 - i]!;
    used += messageBytes(message);
    if (used > budget && i > 0) return i;
  }
  return messages.length;
}

/** An older page (oldest first) trimmed to its newest messages that fit; `hasOlder` if any were cut. */
export function capOlderPage(page: { messages: Message[]; hasOlder: boolean }): { messages: Message[]; hasOlder: boolean } {
  const keep = countWithin(page.messages, "last");
  if (keep === page.messages.length) return page;
  return { messages: page.messages.slice(page.messages.length - keep), hasOlder: true };
}

/** A forward page (oldest first) trimmed to its oldest messages that fit; `hasMore` if any were cut. */
export function capNewerPage(page: { messages: Message[]; hasMore: boolean }): { messages: Message[]; hasMore: boolean } {
  const keep = countWithin(page.messages, "first");
  if (keep === page.messages.length) return page;
  return { messages: page.messages.slice(0, keep), hasMore: true };
}
