import { Suspense, lazy, type KeyboardEvent, type PointerEvent } from "react";
import type { Message } from "@/lib/protocol";
import type { MessageActions } from "./message-actions";

// The menu, the emoji picker and the delete confirmation load on first use: the room page's first
// load has a budget (docs/performance.md), and most visits open no menu.
const loadPopup = () => import("./message-popup");
const MessagePopup = lazy(loadPopup);

/** A touch held this long opens the message's menu, as long-press does in other chat apps. */
const LONG_PRESS_MS = 450;
/** A finger that moves farther than this is scrolling, not pressing. */
const LONG_PRESS_SLOP_PX = 10;

/**
 * For a message's onPointerDown: calls `onLongPress` when a touch stays still on it. No hook and no
 * state per message (a long conversation mounts many as it scrolls): the press lives in listeners
 * that remove themselves when it ends.
 */
export function startLongPress(event: PointerEvent, onLongPress: () => void): void {
  if (event.pointerType !== "touch") return;
  void loadPopup();
  const target = event.currentTarget;
  const { clientX, clientY } = event;
  const end = () => {
    clearTimeout(timer);
    target.removeEventListener("pointermove", moved);
    target.removeEventListener("pointerup", end);
    target.removeEventListener("pointercancel", end);
  };
  const moved = (move: Event) => {
    const { clientX: x, clientY: y } = move as globalThis.PointerEvent;
    if (Math.hypot(x - clientX, y - clientY) > LONG_PRESS_SLOP_PX) end();
  };
  const timer = setTimeout(() => {
    end();
    // The browser's own long-press menu (copy, select) would cover ours.
    window.addEventListener("contextmenu", (menu) => menu.preventDefault(), { once: true, capture: true });
    onLongPress();
  }, LONG_PRESS_MS);
  target.addEventListener("pointermove", moved);
  target.addEventListener("pointerup", end);
  target.addEventListener("pointercancel", end);
}

export type MenuStart = "first" | "last";

export interface MessageMenuProps {
  message: Message;
  /** The button's accessible name; tests and people find the input by "Message", so not that word. */
  label: string;
  own: boolean;
  yourName: string;
  actions: MessageActions;
  /** Open, with focus on its first or last item; or closed (null). */
  open: MenuStart | null;
  onOpenChange: (open: MenuStart | null) => void;
}

/**
 * The button that opens a message's menu (WAI-ARIA menu button: Enter, Space or Down opens it on
 * the first item, Up on the last). It shows on hover and focus; on touch, long-press opens the menu.
 * Hook-free, so that mounting a message stays cheap; its ids come from the message's.
 */
export function MessageMenu({ message, label, own, yourName, actions, open, onOpenChange }: MessageMenuProps) {
  const buttonId = `actions-${message.id}`;
  const menuId = `menu-${message.id}`;

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    onOpenChange(event.key === "ArrowUp" ? "last" : "first");
  }

  function close(returnFocus: boolean) {
    onOpenChange(null);
    if (returnFocus) document.getElementById(buttonId)?.focus();
  }

  return (
    <>
      <button
        type="button"
        id={buttonId}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open !== null ? menuId : undefined}
        aria-label={label}
        title="Message actions"
        onClick={() => (open !== null ? close(false) : onOpenChange("first"))}
        onKeyDown={onKeyDown}
        onPointerEnter={() => void loadPopup()}
        onFocus={() => void loadPopup()}
        className={`absolute top-1 grid size-8 place-items-center rounded-full text-lg leading-none text-slate-600 group-focus-within:before:content-['⋯'] group-hover:before:content-['⋯'] hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-300 dark:hover:bg-slate-800 ${
          own ? "-left-9" : "-right-9"
        } ${open !== null ? "before:content-['⋯']" : ""}`}
        // The glyph is the button's pseudo-element (one element less per message mounted; the message's
        // text content stays what its author wrote), generated only while it shows: on hover, focus,
        // or open. A hidden glyph on every mounted message, with the opacity that hid it, cost about
        // a sixth of the main thread's time while scrolling 5,000 messages (Chromium at 4x CPU
        // throttling: 16.6 s in long tasks before, 12.4 to 15.2 s in three runs after).
      />
      {open !== null && (
        <Suspense fallback={null}>
          <MessagePopup id={menuId} labelledBy={buttonId} message={message} own={own} yourName={yourName} actions={actions} startAt={open} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
