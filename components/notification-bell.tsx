"use client";
import { useId, useRef, useState } from "react";
import { notificationPermission, unlockSound, type NotifyMode, type NotifyPrefs } from "@/lib/client/notifications";
import { useDismiss } from "./use-dismiss";

const MODES: { mode: NotifyMode; label: string }[] = [
  { mode: "all", label: "All messages" },
  { mode: "mentions", label: "Mentions only" },
  { mode: "off", label: "Off" },
];

export interface NotificationBellProps {
  prefs: NotifyPrefs;
  onChange: (prefs: NotifyPrefs) => void;
  /** The browser's permission and how to ask for it; injected so that tests need no Notification API. */
  permission?: () => NotificationPermission | "unsupported";
  requestPermission?: () => Promise<NotificationPermission>;
}

const ask = () => Notification.requestPermission();

/**
 * The room's notification setting: a button that opens a small panel of radio buttons and a sound
 * switch. The browser is asked for permission only when a person picks notifications here, never on load.
 */
export function NotificationBell({ prefs, onChange, permission: currentPermission = notificationPermission, requestPermission = ask }: NotificationBellProps) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Escape closes it wherever focus is (on the bell too, where a click leaves it), as does a press elsewhere.
  useDismiss(open, root, () => setOpen(false), button);

  async function choose(mode: NotifyMode) {
    setProblem(null);
    if (mode !== "off") {
      unlockSound();
      const permission = currentPermission();
      const granted = permission === "default" ? await requestPermission() : permission;
      if (granted !== "granted") {
        setProblem(granted === "unsupported" ? "This browser cannot show notifications." : "Notifications are blocked for this site in your browser's settings.");
        return;
      }
    }
    onChange({ ...prefs, mode });
  }

  const on = prefs.mode !== "off";
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center rounded-lg border border-slate-300 p-2 text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <BellIcon on={on} />
        <span className="sr-only">Notifications: {MODES.find((entry) => entry.mode === prefs.mode)?.label}</span>
      </button>
      {/* Only while open: closed, its radios ("All messages") would still be found by label, and a
          hidden panel has nothing to say to assistive technology either. */}
      {open && (
        <div
          id={panelId}
          className="absolute top-full right-0 z-20 mt-2 w-64 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <fieldset>
            <legend className="mb-1.5 font-semibold">Notify me when this tab is hidden</legend>
            {MODES.map(({ mode, label }) => (
              <label key={mode} className="flex items-center gap-2 py-1">
                <input type="radio" name={`${panelId}-mode`} checked={prefs.mode === mode} onChange={() => void choose(mode)} className="accent-indigo-600" />
                {label}
              </label>
            ))}
          </fieldset>
          <label className="mt-2 flex items-center gap-2 border-t border-slate-200 pt-2 dark:border-slate-700">
            <input
              type="checkbox"
              checked={prefs.sound}
              onChange={(event) => {
                if (event.target.checked) unlockSound();
                onChange({ ...prefs, sound: event.target.checked });
              }}
              className="accent-indigo-600"
            />
            Play a sound
          </label>
          {problem !== null && (
            <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon({ on }: { on: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill={on ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.5" className="size-4">
      <path d="M10 2.5a5 5 0 0 0-5 5v3l-1.5 3h13L15 10.5v-3a5 5 0 0 0-5-5Z" strokeLinejoin="round" />
      <path d="M8 16a2 2 0 0 0 4 0" />
      {!on && <path d="M3 3l14 14" strokeLinecap="round" />}
    </svg>
  );
}
