import type { Message } from "@/lib/protocol";
import { replyExcerpt } from "@/lib/protocol-rules";
import { quoteText } from "./reply-quote";

/** The message the composer answers or edits. */
export interface ComposeTarget {
  kind: "reply" | "edit";
  message: Message;
}

/** Above the composer: "Replying to Bob" with the quote, or "Editing message"; both can be cancelled. */
export function ComposeTargetBar({ id, target, onCancel }: { id: string; target: ComposeTarget; onCancel: () => void }) {
  const editing = target.kind === "edit";
  const excerpt = target.message.deletedAt === null ? replyExcerpt(target.message.text) : "";
  return (
    <div className="mb-2 flex items-start gap-2 rounded-lg border-l-4 border-indigo-500 bg-slate-100 py-1.5 pr-1 pl-3 text-sm dark:border-indigo-400 dark:bg-slate-800">
      <div id={id} className="min-w-0 flex-1">
        <p className="text-xs font-semibold text-indigo-700 dark:text-indigo-300">{editing ? "Editing message" : `Replying to ${target.message.author.name}`}</p>
        {!editing && <p className={`truncate text-slate-700 dark:text-slate-300 ${excerpt === "" ? "italic" : ""}`}>{quoteText(excerpt)}</p>}
      </div>
      <button
        type="button"
        onClick={onCancel}
        aria-label={editing ? "Cancel editing" : "Cancel reply"}
        title={`${editing ? "Cancel editing" : "Cancel reply"} (Escape)`}
        className="grid size-8 shrink-0 place-items-center rounded-full text-lg text-slate-600 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-300 dark:hover:bg-slate-700"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
