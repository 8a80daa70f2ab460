/**
 * Desktop notifications for a room, opted into per room: which messages (all, mentions only, none),
 * whether a short sound plays, and the decision for one message. Notification and Web Audio are
 * touched only inside the functions that need them, so the module loads in Node and jsdom.
 */
import type { Message } from "../protocol";
import { mentionsName } from "./mentions";

export type NotifyMode = "all" | "mentions" | "off";

export interface NotifyPrefs {
  mode: NotifyMode;
  sound: boolean;
}

export const DEFAULT_PREFS: NotifyPrefs = { mode: "off", sound: true };

const storageKey = (code: string) => `roomchat:notify:${code}`;

/** The room's remembered choice, or the default (off) if none or unreadable. */
export function loadPrefs(code: string, storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): NotifyPrefs {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(storageKey(code)) ?? "null");
    if (typeof raw !== "object" || raw === null) return DEFAULT_PREFS;
    const { mode, sound } = raw as Partial<Record<keyof NotifyPrefs, unknown>>;
    return {
      mode: mode === "all" || mode === "mentions" ? mode : "off",
      sound: typeof sound === "boolean" ? sound : DEFAULT_PREFS.sound,
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function savePrefs(code: string, prefs: NotifyPrefs, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(storageKey(code), JSON.stringify(prefs));
  } catch {
    // Storage full or blocked (private mode): the choice holds for this page only.
  }
}

export interface NotifyInput {
  /** document.visibilityState === "visible": the person is looking at the room. */
  visible: boolean;
  mode: NotifyMode;
  message: Message;
  own: boolean;
  yourName: string;
}

/** Whether this message should raise a notification. */
export function shouldNotify({ visible, mode, message, own, yourName }: NotifyInput): boolean {
  if (visible || mode === "off" || own || message.deletedAt !== null) return false;
  return mode === "all" || mentionsName(message.text, yourName);
}

/** A notification's body is this many characters at most (graphemes, so no emoji is cut in half). */
export const BODY_MAX = 100;

/** The notification for a message: title "Author · room", the text on one line and truncated. */
export function notificationContent(message: Message, roomLabel: string): { title: string; body: string } {
  const flat = message.text.replace(/\s+/g, " ").trim();
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(flat), (part) => part.segment);
  const body = graphemes.length > BODY_MAX ? `${graphemes.slice(0, BODY_MAX - 1).join("").trimEnd()}…` : flat;
  return { title: `${message.author.name} · ${roomLabel}`, body };
}

/** "unsupported" where the browser has no Notification API (iOS Safari outside a home-screen app). */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

let audio: AudioContext | null = null;

/**
 * Creates the audio context; call it from a click. Browsers start a context created without a user
 * gesture suspended, and a hidden tab gets no gesture to resume it with.
 */
export function unlockSound(): void {
  if (typeof AudioContext === "undefined") return;
  audio ??= new AudioContext();
  void audio.resume().catch(() => undefined);
}

/** Two short soft tones, generated: no sound file to download. */
export function playChime(): void {
  if (audio === null) return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.3);
  }
}
