/**
 * Changes to stored messages: edit, delete, react, and the change feed a client catches up from. Part
 * of the contract (lib/protocol.ts re-exports it; docs/protocol.md#changes-to-messages).
 *
 * Two cursors order a room: a message's `seq` (its place among the room's messages, gap-free, fixed)
 * and the room's change number, which every edit, deletion and reaction takes the next of and stamps
 * on the message as its `version`. A client that remembers the highest change number it has seen
 * asks `changes:since` for the messages changed after it and gets each one once, in its current state.
 */
import * as z from "zod/mini";
import { HISTORY_PAGE_MAX, MessageIdSchema, MessageTextSchema, type Message } from "./protocol-messages";
import { REACTION_EMOJI_MAX_UNITS, reactionEmoji } from "./protocol-text";

export const EditMessageSchema = z.strictObject({ id: MessageIdSchema, text: MessageTextSchema });
export type EditMessageInput = z.input<typeof EditMessageSchema>;

export const DeleteMessageSchema = z.strictObject({ id: MessageIdSchema });
export type DeleteMessageInput = z.input<typeof DeleteMessageSchema>;

/** One emoji (lib/protocol-text.ts#reactionEmoji), output in its canonical spelling. */
export const ReactionEmojiSchema = z.pipe(
  z.string().check(z.maxLength(REACTION_EMOJI_MAX_UNITS)),
  z.transform((value: string, ctx) => {
    const emoji = reactionEmoji(value);
    if (emoji === null) {
      ctx.issues.push({ code: "custom", message: "A reaction is one emoji.", input: value });
      return z.NEVER;
    }
    return emoji;
  }),
);

export const ReactionSchema = z.strictObject({ messageId: MessageIdSchema, emoji: ReactionEmojiSchema });
export type ReactionInput = z.input<typeof ReactionSchema>;

/** changes:since: the messages changed after change number `afterVersion`, a page at a time. */
export const ChangesSinceSchema = z.strictObject({
  afterVersion: z.int().check(z.nonnegative()),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(HISTORY_PAGE_MAX)), HISTORY_PAGE_MAX),
});
export type ChangesSinceInput = z.input<typeof ChangesSinceSchema>;

export interface ChangesPage {
  /** By version, lowest first: each message changed after `afterVersion`, once, as it is now. */
  messages: Message[];
  /** True when more changed messages follow: ask again from the last one's version. */
  hasMore: boolean;
}
