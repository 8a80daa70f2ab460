"use client";
/**
 * What a message's menu button opens, loaded on first use (message-menu.tsx): the menu itself
 * (WAI-ARIA menu: arrow keys, Home, End, Escape), the emoji picker, and the delete confirmation.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { Message } from "@/lib/protocol";
import { EmojiPicker } from "./emoji-picker";
import type { MessageActions } from "./message-actions";
import { MenuList, type MenuItem } from "./menu-list";

export interface MessagePopupProps {
  id: string;
  labelledBy: string;
  message: Message;
  own: boolean;
  yourName: string;
  actions: MessageActions;
  startAt: "first" | "last";
  /** Closes the popup; `returnFocus` puts focus back on the menu button (Escape, a finished action). */
  onClose: (returnFocus: boolean) => void;
}

const PANEL = "absolute z-20 w-max rounded-xl bg-white p-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-600";

export default function MessagePopup({ id, labelledBy, message, own, yourName, actions, startAt, onClose }: MessagePopupProps) {
  const [view, setView] = useState<"menu" | "react" | "confirm">("menu");
  const [above, setAbove] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  // Open towards the larger part of the screen, so the panel does not fall off its edge.
  useLayoutEffect(() => {
    const rect = panel.current?.parentElement?.getBoundingClientRect();
    if (rect !== undefined) setAbove(rect.top + rect.height / 2 > window.innerHeight / 2);
  }, []);

  useEffect(() => {
    function onPointerDown(event: globalThis.PointerEvent) {
      const target = event.target as Node;
      // A click on the menu button (labelledBy) toggles the menu by itself.
      if (!panel.current?.contains(target) && !document.getElementById(labelledBy)?.contains(target)) onClose(false);
    }
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [labelledBy, onClose]);

  // Reply and Edit move focus to the composer, so the menu closes without taking it back.
  function finish(action: () => void) {
    onClose(false);
    action();
  }

  const items: MenuItem[] = [
    { label: "Reply", run: () => finish(() => actions.reply(message)) },
    { label: "React…", run: () => setView("react") },
  ];
  if (own) {
    items.push({ label: "Edit", run: () => finish(() => actions.edit(message)) });
    items.push({ label: "Delete…", run: () => setView("confirm"), danger: true });
  }

  const place = `${above ? "bottom-full mb-1" : "top-full mt-1"} ${own ? "right-0" : "left-0"}`;
  return (
    <div ref={panel} className={`${PANEL} ${place}`}>
      {view === "menu" && <MenuList id={id} labelledBy={labelledBy} items={items} startAt={startAt} onClose={onClose} />}
      {view === "react" && (
        <EmojiPicker
          reactions={message.reactions}
          yourName={yourName}
          onPick={(emoji) => {
            actions.toggleReaction(message.id, emoji);
            onClose(true);
          }}
          onClose={onClose}
        />
      )}
      {view === "confirm" && (
        <ConfirmDelete
          onConfirm={() => {
            onClose(false);
            actions.remove(message.id);
          }}
          onCancel={() => onClose(true)}
        />
      )}
    </div>
  );
}

function ConfirmDelete({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const textId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const button = "rounded-lg px-3 py-1.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500";
  return (
    <div
      role="alertdialog"
      aria-labelledby={textId}
      className="w-60 p-2"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        onCancel();
      }}
    >
      <p id={textId} className="text-sm text-slate-800 dark:text-slate-100">
        Delete this message for everyone? This cannot be undone.
      </p>
      <div className="mt-2 flex justify-end gap-2">
        <button ref={cancel} type="button" onClick={onCancel} className={`${button} text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700`}>
          Cancel
        </button>
        <button type="button" onClick={onConfirm} className={`${button} bg-red-700 text-white hover:bg-red-600`}>
          Delete
        </button>
      </div>
    </div>
  );
}
