import { useEffect, useRef, type KeyboardEvent } from "react";

export interface MenuItem {
  label: string;
  run: () => void;
  danger?: boolean;
}

export interface MenuListProps {
  id: string;
  labelledBy: string;
  items: readonly MenuItem[];
  startAt: "first" | "last";
  onClose: (returnFocus: boolean) => void;
}

/**
 * A WAI-ARIA menu (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/): focus moves among the
 * items with the arrow keys, Home and End, wrapping at the ends; Escape closes it and returns focus to
 * its button; Tab closes it and lets focus move on.
 */
export function MenuList({ id, labelledBy, items, startAt, onClose }: MenuListProps) {
  const list = useRef<HTMLUListElement>(null);
  const itemElements = () => Array.from(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    const elements = itemElements();
    (startAt === "last" ? elements.at(-1) : elements[0])?.focus();
  }, [startAt]);

  function onKeyDown(event: KeyboardEvent) {
    const elements = itemElements();
    const current = elements.indexOf(document.activeElement as HTMLElement);
    const count = elements.length;
    const moves: Record<string, number> = { ArrowDown: (current + 1) % count, ArrowUp: (current - 1 + count) % count, Home: 0, End: count - 1 };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      elements[next]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === "Tab") {
      onClose(false);
    }
  }

  return (
    <ul ref={list} id={id} role="menu" aria-labelledby={labelledBy} onKeyDown={onKeyDown} className="w-40 py-0.5">
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={item.run}
            className={`block w-full rounded-lg px-3 py-2 text-left text-sm outline-none hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-700 dark:focus:bg-slate-700 ${
              item.danger === true ? "text-red-700 dark:text-red-300" : "text-slate-800 dark:text-slate-100"
            }`}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
