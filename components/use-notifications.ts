"use client";
/**
 * The room's notification choice (remembered per room) and the notifications themselves: for the
 * messages that arrive while the tab is hidden and pass the choice, one notification for the newest
 * (tagged by room, so a burst replaces rather than stacks) and, if wanted, a short sound.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { lastSeq } from "@/lib/client/timeline";
import { loadPrefs, notificationContent, playChime, savePrefs, shouldNotify, unlockSound, type NotifyPrefs } from "@/lib/client/notifications";
import type { Message } from "@/lib/protocol";

export interface NotificationsOptions {
  code: string;
  /** How the room is named in a notification's title (its formatted code). */
  roomLabel: string;
  messages: readonly Message[];
  yourName: string;
  isOwn: (message: Message) => boolean;
}

export function useNotifications({ code, roomLabel, messages, yourName, isOwn }: NotificationsOptions) {
  const [prefs, setPrefsState] = useState<NotifyPrefs>(() => loadPrefs(code));
  const seen = useRef(lastSeq(messages));

  const setPrefs = useCallback(
    (next: NotifyPrefs) => {
      savePrefs(code, next);
      setPrefsState(next);
    },
    [code],
  );

  // A sound needs an audio context made after a user gesture (autoplay rules): the first one after
  // this page loaded, if the room plays sounds.
  const wantsSound = prefs.sound && prefs.mode !== "off";
  useEffect(() => {
    if (!wantsSound) return;
    const events = ["pointerdown", "keydown"] as const;
    const stopListening = () => {
      for (const name of events) document.removeEventListener(name, unlock);
    };
    const unlock = () => {
      unlockSound();
      stopListening();
    };
    for (const name of events) document.addEventListener(name, unlock);
    // Sound turned off, or the room left, before any gesture: no audio context is made.
    return stopListening;
  }, [wantsSound]);

  useEffect(() => {
    const from = seen.current;
    seen.current = Math.max(from, lastSeq(messages));
    if (prefs.mode === "off" || typeof Notification === "undefined" || Notification.permission !== "granted") return;
    const visible = document.visibilityState !== "hidden";
    let newest: Message | undefined;
    for (let i = messages.length - 1; i >= 0 && messages[i]!.seq > from; i -= 1) {
      const message = messages[i]!;
      if (shouldNotify({ visible, mode: prefs.mode, message, own: isOwn(message), yourName })) {
        newest = message;
        break;
      }
    }
    if (newest === undefined) return;
    const { title, body } = notificationContent(newest, roomLabel);
    if (prefs.sound) playChime();
    try {
      const shown = new Notification(title, { body, tag: `roomchat:${code}` });
      shown.onclick = () => {
        window.focus();
        shown.close();
      };
    } catch {
      // Chrome on Android has the API but refuses the constructor (it wants a service worker): the sound stays.
    }
    // Only new messages matter here; the other inputs are read as they are when one comes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [messages]);

  return { prefs, setPrefs };
}
