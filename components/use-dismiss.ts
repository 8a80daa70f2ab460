"use client";
import { useEffect, useRef, type RefObject } from "react";

/**
 * Closes a popup on Escape or on a press outside `root` (a press on the button inside `root` is left to
 * the button). Focus in the popup goes back to `returnTo` on Escape, as it would otherwise fall to the page.
 */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, close: () => void, returnTo: RefObject<HTMLElement | null>) {
  const latestClose = useRef(close);
  useEffect(() => {
    latestClose.current = close;
  });
  useEffect(() => {
    if (!open) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      const hadFocus = root.current?.contains(document.activeElement) === true;
      latestClose.current();
      if (hadFocus) returnTo.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && root.current?.contains(event.target) !== true) latestClose.current();
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open, root, returnTo]);
}
