"use client";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { MenuList } from "./menu-list";
import type { MenuStart } from "./message-menu";
import { useDismiss } from "./use-dismiss";

export interface MemberActionsProps {
  name: string;
  onKick: () => void;
  onMakeOwner: () => void;
}

/**
 * The owner's menu for one member (WAI-ARIA menu button: Enter, Space or Down opens it on the first
 * item, Up on the last; MenuList moves among the items and closes on Escape or Tab).
 */
export function MemberActions({ name, onKick, onMakeOwner }: MemberActionsProps) {
  const [open, setOpen] = useState<MenuStart | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useDismiss(open !== null, root, () => setOpen(null), button);

  function close(returnFocus: boolean) {
    setOpen(null);
    if (returnFocus) button.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    setOpen(event.key === "ArrowUp" ? "last" : "first");
  }

  return (
    <div ref={root} className="relative ml-auto shrink-0">
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open !== null ? `${id}-menu` : undefined}
        aria-label={`Actions for ${name}`}
        onClick={() => setOpen((current) => (current === null ? "first" : null))}
        onKeyDown={onKeyDown}
        className="grid size-7 place-items-center rounded-full text-slate-600 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open !== null && (
        <div className="absolute top-full right-0 z-30 mt-1 rounded-xl border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-800">
          <MenuList
            id={`${id}-menu`}
            labelledBy={`${id}-button`}
            startAt={open}
            onClose={close}
            items={[
              {
                label: "Make owner",
                run: () => {
                  close(true);
                  onMakeOwner();
                },
              },
              {
                label: "Remove from room",
                danger: true,
                run: () => {
                  close(true);
                  onKick();
                },
              },
            ]}
          />
        </div>
      )}
    </div>
  );
}
