"use client";
import { lifetimeSentence } from "@/lib/client/room-notices";
import type { Member } from "@/lib/protocol";
import { nameKey } from "@/lib/protocol-rules";
import { FormAlert } from "./form-alert";
import { MemberActions } from "./member-actions";
import { useOwnerAction, type OwnerActions } from "./use-owner-action";

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
  /** The room's owner's name (everyone sees the badge), or null while there is none. */
  owner?: string | null;
  /** How long the room is kept after its last message, once known. */
  lifetimeHours?: number | undefined;
  /** For the owner only: remove a member, or hand the room over. */
  ownerActions?: Pick<OwnerActions, "kick" | "transfer"> | null;
  className?: string;
}

/** Who is in the room right now, and who owns it. */
export function MemberList({ id, members, you, owner = null, lifetimeHours, ownerActions = null, className = "" }: MemberListProps) {
  const yourKey = you === null ? null : nameKey(you.name);
  const ownerKey = owner === null ? null : nameKey(owner);
  const { error, run } = useOwnerAction();
  return (
    <aside id={id} aria-labelledby={`${id}-heading`} className={`flex-col overflow-y-auto ${className}`}>
      <h2 id={`${id}-heading`} className="px-4 pt-4 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Here now ({members.length})
      </h2>
      <ul className="px-2 pb-3">
        {members.map((member) => {
          const key = nameKey(member.name);
          return (
            <li key={key} className="flex items-center gap-2.5 rounded-lg px-2 py-1.5 text-sm">
              <span aria-hidden="true" className={`grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold text-white ${avatarColour(member.name)}`}>
                {Array.from(member.name)[0]?.toUpperCase()}
              </span>
              <span className="truncate">{member.name}</span>
              {key === yourKey && <span className="shrink-0 text-slate-500 dark:text-slate-400">(you)</span>}
              {key === ownerKey && (
                <span className="shrink-0 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900/60 dark:text-amber-100">owner</span>
              )}
              {member.status === "reconnecting" && <span className="shrink-0 text-xs text-slate-600 italic dark:text-slate-300">reconnecting…</span>}
              {ownerActions !== null && key !== yourKey && (
                <MemberActions
                  name={member.name}
                  onKick={() => void run("kick", () => ownerActions.kick(member.name))}
                  onMakeOwner={() => void run("transfer", () => ownerActions.transfer(member.name))}
                />
              )}
            </li>
          );
        })}
      </ul>
      {error !== null && <FormAlert className="mx-3 mb-3">{error}</FormAlert>}
      {lifetimeHours !== undefined && <p className="mt-auto px-4 pb-4 text-xs text-slate-600 dark:text-slate-400">{lifetimeSentence(lifetimeHours)}.</p>}
    </aside>
  );
}
