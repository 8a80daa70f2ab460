import type { Message, ReplyTo } from "@/lib/protocol";

/**
 * What a message's menu, its reactions and its quote can do. One object per conversation, stable
 * across renders, so that passing it to every MessageItem does not undo their memo.
 */
export interface MessageActions {
  reply: (message: Message) => void;
  edit: (message: Message) => void;
  /** Deletes for everyone; the menu has asked for confirmation first. */
  remove: (messageId: string) => void;
  /** Adds your reaction with this emoji, or takes it back if you had it. */
  toggleReaction: (messageId: string, emoji: string) => void;
  /** Scrolls to the message a reply quotes, loading older history if needed. */
  goTo: (replyTo: ReplyTo) => void;
}

/** True when `yourName` is among those who reacted with this emoji. */
export function reactedWith(names: readonly string[], yourName: string): boolean {
  return yourName !== "" && names.includes(yourName);
}
