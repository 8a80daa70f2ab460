import Link from "next/link";
import type { ReactNode } from "react";
import type { ConnectionStatus, RetryInfo } from "@/lib/client/room-session";
import { Button } from "./button";
import { ConnectionBadge } from "./connection-badge";
import { CopyInviteButton } from "./copy-invite-button";

export interface RoomHeaderProps {
  formattedCode: string;
  status: ConnectionStatus;
  /** A refused join the session retries by itself: the header counts down to it. */
  retry: RetryInfo | null;
  memberCount: number;
  /** The id of the member list that the phone-only toggle shows and hides. */
  membersId: string;
  membersOpen: boolean;
  onToggleMembers: () => void;
  leaving: boolean;
  onLeave: () => void;
  /** More room controls (the notification bell), shown before the invite button. */
  children?: ReactNode;
}

export function RoomHeader({ formattedCode, status, retry, memberCount, membersId, membersOpen, onToggleMembers, leaving, onLeave, children }: RoomHeaderProps) {
  return (
    <header className="flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-2.5 sm:gap-3 sm:px-6 dark:border-slate-800 dark:bg-slate-900">
      <Link href="/" className="mr-2 hidden rounded text-lg font-bold tracking-tight focus-visible:outline-2 focus-visible:outline-indigo-500 sm:block">
        Roomchat
      </Link>
      <div className="min-w-0 flex-1">
        <h1 className="truncate font-mono text-base font-semibold tracking-wider">
          <span className="sr-only">Room </span>
          {formattedCode}
        </h1>
        <ConnectionBadge status={status} retry={retry} />
      </div>
      {children}
      <CopyInviteButton formattedCode={formattedCode} />
      <button
        type="button"
        aria-expanded={membersOpen}
        aria-controls={membersId}
        onClick={onToggleMembers}
        className="inline-flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 md:hidden dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <PeopleIcon />
        {memberCount}
        <span className="sr-only"> people here, show list</span>
      </button>
      <Button variant="ghost" busy={leaving} onClick={onLeave} className="px-2.5 py-1.5 sm:px-3">
        Leave
      </Button>
    </header>
  );
}

function PeopleIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path d="M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.5 1a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM1.6 15.2A5.5 5.5 0 0 1 12.4 15.2 1 1 0 0 1 11.4 17H2.6a1 1 0 0 1-1-1.8ZM14.5 17h2.9a1 1 0 0 0 1-1.3 4.5 4.5 0 0 0-5.4-3.2 6.9 6.9 0 0 1 1.9 3.6c.1.3 0 .6-.4.9Z" />
    </svg>
  );
}
