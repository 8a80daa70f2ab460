import { Suspense, lazy, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
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

/** Pointer handlers that call `onLongPress` when a touch is held still on the element. */
export function useLongPress(onLongPress: () => void) {
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number; fired: boolean } | null>(null);
  const cancel = () => {
    if (press.current !== null) clearTimeout(press.current.timer);
  };
  return {
    onPointerDown(event: PointerEvent) {
      if (event.pointerType !== "touch") return;
      cancel();
      void loadPopup();
      const current = { x: event.clientX, y: event.clientY, fired: false, timer: setTimeout(() => {
        current.fired = true;
        onLongPress();
      }, LONG_PRESS_MS) };
      press.current = current;
    },
    onPointerMove(event: PointerEvent) {
      const current = press.current;
      if (current !== null && Math.hypot(event.clientX - current.x, event.clientY - current.y) > LONG_PRESS_SLOP_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    // The browser's own long-press menu (copy, select) would cover ours.
    onContextMenu(event: { preventDefault: () => void }) {
      if (press.current?.fired === true) event.preventDefault();
    },
  };
}

export interface MessageMenuProps {
  message: Message;
  /** The button's accessible name; tests and people find the input by "Message", so not that word. */
  label: string;
  own: boolean;
  yourName: string;
  actions: MessageActions;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * The button that opens a message's menu (WAI-ARIA menu button: Enter, Space or Down opens it on
 * the first item, Up on the last). It shows on hover and focus; on touch, long-press opens the menu.
 */
export function MessageMenu({ message, label, own, yourName, actions, open, onOpenChange }: MessageMenuProps) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [startAt, setStartAt] = useState<"first" | "last">("first");

  function openAt(item: "first" | "last") {
    setStartAt(item);
    onOpenChange(true);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    openAt(event.key === "ArrowUp" ? "last" : "first");
  }

  function close(returnFocus: boolean) {
    onOpenChange(false);
    if (returnFocus) button.current?.focus();
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={label}
        title="Message actions"
        onClick={() => (open ? close(false) : openAt("first"))}
        onKeyDown={onKeyDown}
        onPointerEnter={() => void loadPopup()}
        onFocus={() => void loadPopup()}
        className={`absolute top-1 grid size-8 place-items-center rounded-full text-slate-600 hover:bg-slate-200 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-indigo-500 group-focus-within:opacity-100 group-hover:opacity-100 dark:text-slate-300 dark:hover:bg-slate-800 ${
          own ? "-left-9" : "-right-9"
        } ${open ? "opacity-100" : "opacity-0"}`}
      >
        {/* A pseudo-element's glyph: the message's text content stays what its author wrote. */}
        <span aria-hidden="true" className="text-lg leading-none before:content-['⋯']" />
      </button>
      {open && (
        <Suspense fallback={null}>
          <MessagePopup
            id={`${id}-menu`}
            labelledBy={`${id}-button`}
            message={message}
            own={own}
            yourName={yourName}
            actions={actions}
            startAt={startAt}
            anchor={button}
            onClose={close}
          />
        </Suspense>
      )}
    </>
  );
}
