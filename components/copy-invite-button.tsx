"use client";
import { useEffect, useId, useRef, useState } from "react";
import { useDismiss } from "./use-dismiss";

type CopyState = "idle" | "copied" | "failed";

export interface CopyInviteButtonProps {
  /** The room code as people read it, e.g. "ABC-DEF-GHJ". */
  formattedCode: string;
  /** Shows the label on phones too (the header has room for the icon alone). */
  labelled?: boolean;
}

/** The link that brings someone into the room: this site's address and the room's code. */
export function inviteLink(formattedCode: string): string {
  return typeof window === "undefined" ? "" : `${window.location.origin}/room/${formattedCode}`;
}

/**
 * Copies the room's link. The clipboard API exists only on secure origins and can be refused, so on
 * failure the link is shown, selected, for copying by hand, until Escape or a click elsewhere.
 */
export function CopyInviteButton({ formattedCode, labelled = false }: CopyInviteButtonProps) {
  const inputId = useId();
  const [state, setState] = useState<CopyState>("idle");
  const [link, setLink] = useState("");
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useDismiss(state === "failed", root, () => setState("idle"), button);

  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    const url = inviteLink(formattedCode);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setState("copied");
    } catch {
      setState((current) => (current === "failed" ? "idle" : "failed"));
    }
  }

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        onClick={() => void copy()}
        aria-label="Copy invite link"
        className={`inline-flex items-center gap-1.5 rounded-lg border border-slate-300 ${labelled ? "px-2.5 py-1.5" : "p-2 sm:px-2.5 sm:py-1.5"} text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800`}
      >
        <CopyIcon />
        <span className={labelled ? "" : "hidden sm:inline"}>Copy invite link</span>
      </button>
      {/* Always present, so that screen readers announce the text when it appears. */}
      <span
        role="status"
        className={`absolute top-full right-0 z-20 mt-1.5 rounded-md bg-emerald-700 px-2 py-1 text-xs font-semibold whitespace-nowrap text-white shadow ${state === "copied" ? "" : "sr-only"}`}
      >
        {state === "copied" ? "Copied" : ""}
      </span>
      {state === "failed" && (
        <div className="fixed inset-x-3 top-16 z-20 rounded-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-80 border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <label htmlFor={inputId} className="block text-slate-700 dark:text-slate-300">
            Copying is blocked here. Copy this link:
          </label>
          <input
            id={inputId}
            readOnly
            autoFocus
            value={link}
            onFocus={(event) => event.currentTarget.select()}
            className="mt-2 w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
      )}
    </div>
  );
}

function CopyIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.75" className="size-4">
      <rect x="7" y="7" width="10" height="10" rx="2" />
      <path d="M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2" />
    </svg>
  );
}
