import type { Reaction } from "@/lib/protocol";
import { reactedWith } from "./message-actions";

export interface ReactionChipsProps {
  messageId: string;
  reactions: readonly Reaction[];
  yourName: string;
  onToggle: (messageId: string, emoji: string) => void;
  own: boolean;
}

/**
 * The reactions under a message: one chip per emoji with its count; a click adds or takes back
 * yours. The names are in the tooltip and in the accessible label ("👍 2: Ana, Bob").
 */
export function ReactionChips({ messageId, reactions, yourName, onToggle, own }: ReactionChipsProps) {
  if (reactions.length === 0) return null;
  return (
    <ul aria-label="Reactions" className={`mt-1 flex flex-wrap gap-1 ${own ? "justify-end" : "justify-start"}`}>
      {reactions.map(({ emoji, names }) => {
        const pressed = reactedWith(names, yourName);
        const label = `${emoji} ${names.length}: ${names.join(", ")}`;
        return (
          <li key={emoji}>
            <button
              type="button"
              aria-pressed={pressed}
              aria-label={label}
              title={names.join(", ")}
              onClick={() => onToggle(messageId, emoji)}
              className={`inline-flex min-h-7 items-center gap-1 rounded-full px-2 text-sm ring-1 transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
                pressed
                  ? "bg-indigo-100 text-indigo-900 ring-indigo-400 hover:bg-indigo-200 dark:bg-indigo-900/70 dark:text-indigo-100 dark:ring-indigo-400 dark:hover:bg-indigo-800"
                  : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-700"
              }`}
            >
              <span aria-hidden="true">{emoji}</span>
              <span aria-hidden="true" className="text-xs font-semibold tabular-nums">
                {names.length}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
