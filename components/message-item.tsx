import { memo, useState } from "react";
import { mentionsName } from "@/lib/client/mentions";
import type { ParseMarkdown } from "@/lib/client/load-markdown";
import type { Message } from "@/lib/protocol";
import type { MessageActions } from "./message-actions";
import { MessageMenu, startLongPress, type MenuStart } from "./message-menu";
import { MessageText } from "./message-text";
import { clockTime, exactTime, Time } from "./message-time";
import { ReactionChips } from "./reaction-chips";
import { ReplyQuote } from "./reply-quote";

/** "edited", with the time of the edit in its tooltip and, for screen readers, in its text. */
function Edited({ iso, className }: { iso: string; className: string }) {
  const full = exactTime(iso);
  return (
    <span title={`Edited ${full}`} className={className}>
      edited<span className="sr-only"> {full}</span>
    </span>
  );
}

type Tone = "own" | "other" | "deleted";

const BUBBLE: Record<Tone, string> = {
  own: "rounded-br-md bg-indigo-600 text-white",
  other: "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700",
  deleted: "bg-slate-100 text-slate-600 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-700",
};
/** Someone else's message that mentions you: the "other" bubble, tinted and ringed. */
const MENTION_BUBBLE = "rounded-bl-md bg-amber-50 text-slate-900 ring-2 ring-amber-500 dark:bg-amber-950 dark:text-slate-100 dark:ring-amber-400";
const NAME: Record<Tone, string> = { own: "text-indigo-100", other: "text-indigo-700 dark:text-indigo-300", deleted: "" };
const META: Record<Tone, string> = { own: "text-indigo-100", other: "text-slate-500 dark:text-slate-400", deleted: "" };

export interface MessageItemProps {
  message: Message;
  own: boolean;
  /** Your display name, which marks the reactions that are yours. */
  yourName?: string;
  /** Without them the message has no menu and its reactions are not buttons that act (a read-only view). */
  actions?: MessageActions;
  /** Briefly true when a reply's quote brought the reader here. */
  highlighted?: boolean;
  /** Follows the same author's message closely: its name and time show only on hover and to screen readers. */
  grouped?: boolean;
  /** The Markdown reader, once loaded (lib/client/load-markdown.ts); until then the text shows plain. */
  parse?: ParseMarkdown | null;
}

/**
 * One message. Every user-written string is a text child: React escapes it, nothing is parsed as HTML.
 * Addresses in the text become links only through LinkifiedText, which allows http(s) alone; Markdown
 * becomes React elements through MessageText.
 * Memoised: a message re-renders only when it changes (a new object: an edit, a reaction), when it
 * is highlighted, or when its menu opens; its props are otherwise the same on every render.
 */
export const MessageItem = memo(function MessageItem({ message, own, yourName = "", actions, highlighted = false, grouped = false, parse = null }: MessageItemProps) {
  const [menu, setMenu] = useState<MenuStart | null>(null);
  const deleted = message.deletedAt !== null;
  const hasMenu = actions !== undefined && !deleted;
  const time = clockTime(message.createdAt);
  const tone: Tone = deleted ? "deleted" : own ? "own" : "other";
  const mentionsYou = tone === "other" && mentionsName(message.text, yourName);
  const hidden = grouped ? "sr-only" : "";
  // The bubble clips what still overflows it: a word wraps anywhere rather than widen it, but stacked
  // combining marks (up to 16 on a letter, lib/protocol-text.ts) draw above and below their line.
  return (
    <div data-own={own} data-deleted={deleted || undefined} className={`group flex ${own ? "justify-end" : "justify-start"}`}>
      <div className={`relative flex max-w-[85%] min-w-0 flex-col sm:max-w-[70%] ${own ? "items-end" : "items-start"}`} onPointerDown={hasMenu ? (event) => startLongPress(event, () => setMenu("first")) : undefined}>
        <div
          title={grouped ? exactTime(message.createdAt) : undefined}
          className={`max-w-full overflow-hidden rounded-2xl px-3.5 py-2 shadow-sm transition-[outline-color] duration-500 motion-reduce:transition-none ${mentionsYou ? MENTION_BUBBLE : BUBBLE[tone]} ${
            highlighted ? "outline-4 outline-offset-2 outline-amber-400" : "outline-transparent"
          }`}
        >
          <p className="flex items-baseline gap-2 text-xs">
            {/* The author's id in this room, on hover: the server reserves names, and the id settles any doubt. */}
            <span title={`${message.author.name} · #${message.author.id.slice(0, 8)}`} className={`truncate font-semibold ${NAME[tone]} ${hidden}`}>
              {message.author.name}
              {own && <span className="sr-only"> (you)</span>}
            </span>
            {mentionsYou && <span className="rounded bg-amber-200 px-1 font-semibold text-amber-900 dark:bg-amber-800 dark:text-amber-50">mentions you</span>}
            <Time iso={message.createdAt} className={`${META[tone]} ${hidden}`} />
            {message.editedAt !== null && !deleted && <Edited iso={message.editedAt} className={`italic ${META[tone]}`} />}
          </p>
          {message.replyTo !== null && !deleted && <ReplyQuote replyTo={message.replyTo} own={own} onGoTo={(to) => actions?.goTo(to)} />}
          {deleted ? (
            <p className="mt-0.5 italic">Message deleted</p>
          ) : (
            <MessageText text={message.text} parse={parse} />
          )}
        </div>
        {!deleted && actions !== undefined && (
          <ReactionChips messageId={message.id} reactions={message.reactions} yourName={yourName} onToggle={actions.toggleReaction} own={own} />
        )}
        {hasMenu && <MessageMenu message={message} label={`Actions: ${message.author.name}, ${time}`} own={own} yourName={yourName} actions={actions} open={menu} onOpenChange={setMenu} />}
      </div>
    </div>
  );
});

/** A join/leave line between messages. */
export const NoticeLine = memo(function NoticeLine({ text, at }: { text: string; at: string }) {
  return (
    <p className="py-1 text-center text-xs text-slate-500 dark:text-slate-400">
      {text} · <Time iso={at} className="" />
    </p>
  );
});
