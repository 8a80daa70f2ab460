import type { Member } from "@/lib/protocol";
import { nameKey } from "@/lib/protocol-rules";

const AVATAR_COLOURS = ["bg-rose-700", "bg-amber-700", "bg-emerald-700", "bg-sky-700", "bg-violet-600", "bg-pink-700", "bg-teal-700", "bg-orange-700"];

function avatarColour(name: string): string {
  let hash = 0;
  for (const char of nameKey(name)) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_003;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length] ?? "bg-slate-500";
}

export interface MemberListProps {
  id: string;
  members: readonly Member[];
  you: Member | null;
  className?: string;
}

/** Who is in the room right now. */
export function MemberList({ id, members, you, className = "" }: MemberListProps) {
  const yourKey = you === null ? null : nameKey(you.name);
  return (
    <aside id={id} aria-labelledby={`${id}-heading`} className={`flex-col overflow-y-auto ${className}`}>
      <h2 id={`${id}-heading`} className="px-4 pt-4 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Here now ({members.length})
      </h2>
      <ul className="px-2 pb-3">
        {members.map((member) => (
          <li key={nameKey(member.name)} className="flex items-center gap-2.5 rounded-lg px-2 py-1.5 text-sm">
            <span aria-hidden="true" className={`grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold text-white ${avatarColour(member.name)}`}>
              {Array.from(member.name)[0]?.toUpperCase()}
            </span>
            <span className="truncate">{member.name}</span>
            {nameKey(member.name) === yourKey && <span className="shrink-0 text-slate-500 dark:text-slate-400">(you)</span>}
            {member.status === "reconnecting" && <span className="shrink-0 text-xs text-slate-600 italic dark:text-slate-300">reconnecting…</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
