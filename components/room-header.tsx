import Link from "next/link";
import type { MouseEvent, ReactNode } from "react";
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

/** The composer's textarea (composer.tsx). */
const MESSAGE_BOX_ID = "message";

/** Moves focus itself: following the link alone scrolls to the box but may leave focus where it was. */
function focusMessageBox(event: MouseEvent<HTMLAnchorElement>) {
  const box = document.getElementById(MESSAGE_BOX_ID);
  if (box === null) return;
  event.preventDefault();
  box.focus();
}

/**
 * The room's title bar. On a 320 px phone the code shrinks a step and may wrap at its dashes rather
 * than be cut off: the code is what people read out to each other.
 */
export function RoomHeader({ formattedCode, status, retry, memberCount, membersId, membersOpen, onToggleMembers, leaving, onLeave, children }: RoomHeaderProps) {
  return (
    <header className="flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-2.5 sm:gap-3 sm:px-6 dark:border-slate-800 dark:bg-slate-900">
      <a
        href={`#${MESSAGE_BOX_ID}`}
        onClick={focusMessageBox}
        className="sr-only rounded-lg bg-white text-sm font-semibold text-indigo-700 shadow-lg ring-2 ring-indigo-500 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2 dark:bg-slate-900 dark:text-indigo-300"
      >
        Skip to message box
      </a>
      <Link href="/" className="mr-2 hidden rounded text-lg font-bold tracking-tight focus-visible:outline-2 focus-visible:outline-indigo-500 sm:block">
        Roomchat
      </Link>
      <div className="min-w-0 flex-1">
        <h1 className="font-mono text-sm font-semibold tracking-wide break-words min-[360px]:text-base min-[360px]:tracking-wider">
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
      <Button variant="ghost" busy={leaving} onClick={onLeave} className="p-2 sm:px-3 sm:py-1.5">
        {/* An icon on a 320 px phone, where the word and the room menu do not both fit beside the code. */}
        {!leaving && <LeaveIcon />}
        <span className="sr-only sm:not-sr-only">Leave</span>
      </Button>
    </header>
  );
}

function LeaveIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" className="size-4 sm:hidden">
      <path d="M8 4H4.5A1.5 1.5 0 0 0 3 5.5v9A1.5 1.5 0 0 0 4.5 16H8M13 6l4 4-4 4M17 10H8" />
    </svg>
  );
}

function PeopleIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path d="M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.5 1a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM1.6 15.2A5.5 5.5 0 0 1 12.4 15.2 1 1 0 0 1 11.4 17H2.6a1 1 0 0 1-1-1.8ZM14.5 17h2.9a1 1 0 0 0 1-1.3 4.5 4.5 0 0 0-5.4-3.2 6.9 6.9 0 0 1 1.9 3.6c.1.3 0 .6-.4.9Z" />
    </svg>
  );
}
