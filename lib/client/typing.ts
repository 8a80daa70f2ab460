/**
 * Who else is typing in the room, and when to tell the room that you are (docs/protocol.md#typing).
 * No socket and no React here: the session feeds both, and the typing line reads TypingState through
 * useSyncExternalStore, apart from the room's state so that a notice re-renders one line, not the list.
 */

/** How often the browser says that someone is still typing: someone who keeps typing is announced again after this. */
export const TYPING_RESEND_MS = 3_000;
/** Shown this long after the last notice: twice the resend interval, so one late notice does not make it flicker. */
export const TYPING_SHOWN_MS = 6_000;

/** "Ana is typing…", "Ana and Bob are typing…", "Several people are typing…" (3 or more); null for nobody. */
export function typingSentence(names: readonly string[]): string | null {
  const [first, second] = names;
  if (first === undefined) return null;
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return "Several people are typing…";
}

/** The members typing now, in the order they started; each is forgotten TYPING_SHOWN_MS after its last notice. */
export class TypingState {
  private names: readonly string[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly shownMs = TYPING_SHOWN_MS) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly string[] => this.names;

  /** A notice from the server: `name` started (or is still) typing, or stopped. */
  heard(name: string, typing: boolean): void {
    if (!typing) return this.forget(name);
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.set(
      name,
      setTimeout(() => this.forget(name), this.shownMs),
    );
    if (!this.names.includes(name)) this.set([...this.names, name]);
  }

  /** Their message (or their leaving) ends their typing, whatever notice is still on its way. */
  forget(name: string): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
    if (this.names.includes(name)) this.set(this.names.filter((other) => other !== name));
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.names.length > 0) this.set([]);
  }

  private set(names: readonly string[]): void {
    this.names = names;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Turns the draft's changes into notices: "typing" when a draft is being written, again at most every
 * TYPING_RESEND_MS while it is, and "stopped" once when it is sent or cleared. At most two notices per
 * interval leave a browser however fast someone types (the server drops more: lib/realtime/typing-handlers.ts).
 * So a new draft started within TYPING_RESEND_MS of the last "typing" is not announced: announcing it
 * would let a quick typist overrun the server's budget, and the notice it dropped could be a "stopped",
 * leaving "Ana is typing…" on the others' screens for seconds after she sent.
 */
export class TypingSender {
  private lastTypingAt = -Infinity;
  private announced = false;

  constructor(
    private readonly emit: (typing: boolean) => void,
    private readonly now: () => number = Date.now,
    private readonly resendMs = TYPING_RESEND_MS,
  ) {}

  /** The draft as it reads after an edit by the person. */
  draft(text: string): void {
    if (text.trim() === "") return this.stopped();
    const now = this.now();
    if (now - this.lastTypingAt < this.resendMs) return;
    this.lastTypingAt = now;
    this.announced = true;
    this.emit(true);
  }

  /** The draft was sent or emptied. */
  stopped(): void {
    if (!this.announced) return;
    this.announced = false;
    this.emit(false);
  }
}
