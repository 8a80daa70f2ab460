import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Reaction } from "@/lib/protocol";
import { reactedWith } from "./message-actions";

/**
 * The emoji the picker offers, with the names screen readers say: common chat reactions, each one
 * pictograph that lib/protocol-text.ts#reactionEmoji accepts as it is (a unit test holds that).
 */
export const PICKER_EMOJI: readonly (readonly [emoji: string, name: string])[] = [
  ["👍", "thumbs up"], ["👎", "thumbs down"], ["\u2764\uFE0F", "red heart"], ["😂", "face with tears of joy"],
  ["😮", "face with open mouth"], ["😢", "crying face"], ["😡", "angry face"], ["🎉", "party popper"],
  ["🙏", "folded hands"], ["👏", "clapping hands"], ["🔥", "fire"], ["💯", "hundred points"],
  ["😀", "grinning face"], ["😊", "smiling face"], ["😍", "heart eyes"], ["🤔", "thinking face"],
  ["😅", "grinning face with sweat"], ["😎", "smiling face with sunglasses"], ["🙌", "raising hands"], ["👀", "eyes"],
  ["🤣", "rolling on the floor laughing"], ["😉", "winking face"], ["🥳", "partying face"], ["😬", "grimacing face"],
  ["🤯", "exploding head"], ["🙈", "see-no-evil monkey"], ["💪", "flexed biceps"], ["✅", "check mark"],
  ["🚀", "rocket"], ["⭐", "star"], ["🤝", "handshake"], ["👌", "OK hand"],
];

const COLUMNS = 8;

export interface EmojiPickerProps {
  reactions: readonly Reaction[];
  yourName: string;
  onPick: (emoji: string) => void;
  onClose: (returnFocus: boolean) => void;
}

/**
 * A grid of emoji buttons with one tab stop: the arrow keys, Home and End move within it, Enter or
 * a click picks (adding your reaction, or taking it back if pressed), Escape closes.
 */
export function EmojiPicker({ reactions, yourName, onPick, onClose }: EmojiPickerProps) {
  const grid = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  useEffect(() => grid.current?.querySelectorAll("button")[active]?.focus(), [active]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
      return;
    }
    const last = PICKER_EMOJI.length - 1;
    const moves: Record<string, number> = { ArrowRight: active + 1, ArrowLeft: active - 1, ArrowDown: active + COLUMNS, ArrowUp: active - COLUMNS, Home: 0, End: last };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(Math.min(Math.max(next, 0), last));
  }

  const mine = new Set(reactions.filter((reaction) => reactedWith(reaction.names, yourName)).map((reaction) => reaction.emoji));
  return (
    <div ref={grid} role="dialog" aria-label="Choose a reaction" onKeyDown={onKeyDown} className="grid grid-cols-8 gap-0.5 p-1">
      {PICKER_EMOJI.map(([emoji, name], index) => (
        <button
          key={emoji}
          type="button"
          tabIndex={index === active ? 0 : -1}
          aria-label={name}
          aria-pressed={mine.has(emoji)}
          title={name}
          onClick={() => onPick(emoji)}
          className="grid size-9 place-items-center rounded-lg text-xl hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-pressed:bg-indigo-100 dark:hover:bg-slate-700 dark:aria-pressed:bg-indigo-900"
        >
          <span aria-hidden="true">{emoji}</span>
        </button>
      ))}
    </div>
  );
}
