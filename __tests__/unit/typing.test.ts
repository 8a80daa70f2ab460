/** The typing indicator's client state and pacing (lib/client/typing.ts) and the server's per-socket budget. */
import { TYPING_RESEND_MS, TYPING_SHOWN_MS, TypingSender, TypingState, typingSentence } from "@/lib/client/typing";
import { typingBudget } from "@/lib/realtime/typing-handlers";

describe("typingSentence", () => {
  it("names one or two typists and counts more", () => {
    expect(typingSentence([])).toBeNull();
    expect(typingSentence(["Ana"])).toBe("Ana is typing…");
    expect(typingSentence(["Ana", "Bob"])).toBe("Ana and Bob are typing…");
    expect(typingSentence(["Ana", "Bob", "Cara"])).toBe("Several people are typing…");
    expect(typingSentence(["Ana", "Bob", "Cara", "Dan"])).toBe("Several people are typing…");
  });
});

describe("TypingState", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("lists typists in the order they started and tells its listeners", () => {
    const state = new TypingState();
    const listener = jest.fn();
    state.subscribe(listener);
    state.heard("Bob", true);
    state.heard("Ana", true);
    state.heard("Bob", true);
    expect(state.getSnapshot()).toEqual(["Bob", "Ana"]);
    // The repeated notice changed nothing that shows.
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("forgets a typist after TYPING_SHOWN_MS of silence, counted from the last notice", () => {
    const state = new TypingState();
    state.heard("Ana", true);
    jest.advanceTimersByTime(TYPING_SHOWN_MS - 1_000);
    state.heard("Ana", true);
    jest.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(state.getSnapshot()).toEqual(["Ana"]);
    jest.advanceTimersByTime(1);
    expect(state.getSnapshot()).toEqual([]);
  });

  it("drops a typist at once when they stop, when their message arrives, or when the session closes", () => {
    const state = new TypingState();
    state.heard("Ana", true);
    state.heard("Bob", true);
    state.heard("Cara", true);
    state.heard("Ana", false);
    expect(state.getSnapshot()).toEqual(["Bob", "Cara"]);
    state.forget("Bob");
    expect(state.getSnapshot()).toEqual(["Cara"]);
    state.clear();
    expect(state.getSnapshot()).toEqual([]);
    // No timer of a forgotten typist is left to fire.
    expect(jest.getTimerCount()).toBe(0);
  });

  it("ignores a stop from someone who was not shown", () => {
    const state = new TypingState();
    const listener = jest.fn();
    state.subscribe(listener);
    state.heard("Ana", false);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("TypingSender", () => {
  function sender() {
    let now = 1_000_000;
    const sent: boolean[] = [];
    const typing = new TypingSender((value) => sent.push(value), () => now);
    return { typing, sent, advance: (ms: number) => (now += ms) };
  }

  it("announces a draft once per TYPING_RESEND_MS however often it changes", () => {
    const { typing, sent, advance } = sender();
    for (let i = 1; i <= 40; i += 1) {
      typing.draft("h".repeat(i));
      advance(100);
    }
    // 4 s of typing: the first keystroke, then one more once 3 s had passed.
    expect(sent).toEqual([true, true]);
    advance(TYPING_RESEND_MS);
    typing.draft("more");
    expect(sent).toEqual([true, true, true]);
  });

  it("says it stopped once, when the draft is sent or cleared, and only after announcing", () => {
    const { typing, sent, advance } = sender();
    typing.stopped();
    typing.draft("   ");
    expect(sent).toEqual([]);
    typing.draft("hi");
    typing.stopped();
    typing.stopped();
    expect(sent).toEqual([true, false]);
    advance(TYPING_RESEND_MS);
    typing.draft("again");
    typing.draft("");
    expect(sent).toEqual([true, false, true, false]);
  });

  it("keeps a typist within the server's budget", () => {
    let now = 0;
    const allowed = typingBudget();
    const verdicts: boolean[] = [];
    const typing = new TypingSender(() => verdicts.push(allowed(now)), () => now);
    // Type, send and start over every 200 ms for 30 s: the worst a person can do with this client.
    for (; now < 30_000; now += 200) {
      typing.draft(`message ${now}`);
      typing.stopped();
    }
    expect(verdicts.length).toBeGreaterThan(10);
    expect(verdicts.every(Boolean)).toBe(true);
  });
});

describe("typingBudget (per socket, on the server)", () => {
  it("lets a burst of 4 through, then one a second", () => {
    const allowed = typingBudget();
    expect([0, 0, 0, 0, 0].map((t) => allowed(t))).toEqual([true, true, true, true, false]);
    expect(allowed(500)).toBe(false);
    expect(allowed(1_000)).toBe(true);
    expect(allowed(1_100)).toBe(false);
    // A long pause refills the burst, never beyond it.
    expect([60_000, 60_000, 60_000, 60_000, 60_000].map((t) => allowed(t))).toEqual([true, true, true, true, false]);
  });
});
