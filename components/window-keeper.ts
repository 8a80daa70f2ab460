/**
 * The DOM side of a windowed list (use-windowed-list.ts): measures the rendered entries, keeps what
 * the reader sees still (or the bottom in view while they follow the newest entries), and moves the
 * window as they scroll. Plain TypeScript that React calls into from effects and handlers.
 */
import type { RefObject } from "react";
import { startTransition } from "react";
import { flushSync } from "react-dom";
import { EntryHeights, contains, entriesBetween, firstStartingAt, nextRange, type IndexRange } from "./list-window";

/**
 * Rendered beyond each edge of the viewport, in px: a wheel flick stays within it. The window moves
 * when fewer than half of it is left ahead, mounting about one overscan's worth of messages at once, so
 * this also sets the largest piece of work scrolling does. 800 px suited lighter messages; with issue
 * 17's menus and reactions a move took over 50 ms on a busy machine (CI saw 7 long tasks while scrolling
 * 5,000 messages, against a bound of 5); at 400 px quiet runs saw none, and loading spent 0.4 to 0.7 s
 * in long tasks instead of 1.1 to 2.4 s.
 */
const OVERSCAN_PX = 400;
/** Rendered beyond each edge of the viewport at once when the reader jumps (see moveWindow). */
const JUMP_MARGIN_PX = 100;

/** The rendered entries by key; `to: null` runs through the newest one, so that new ones show at once. */
export type KeyRange = { from: string; to: string | null } | null;

/** One per list, for its lifetime: React calls afterCommit after every commit and onScroll on every scroll. */
export class WindowKeeper {
  readonly heights = new EntryHeights();
  private keys: readonly string[] = [];
  private range: IndexRange = { start: 0, end: 0 };
  private windowed = false;
  private readonly elements = new Map<string, HTMLElement>();
  private observer: ResizeObserver | null = null;
  /** The first entry that starts in the viewport, and where it starts in the scroll box's content, in px. */
  private anchor: { key: string; top: number } | null = null;
  /** An entry to bring into view once it is rendered (it may not be loaded yet). */
  private revealing: { key: string; shown: (element: HTMLElement) => void } | null = null;

  constructor(
    private readonly scroller: RefObject<HTMLDivElement | null>,
    private readonly list: RefObject<HTMLDivElement | null>,
    private readonly isFollowing: () => boolean,
    private readonly setKeyRange: (range: KeyRange) => void,
  ) {}

  measureRef = (node: HTMLElement | null): (() => void) | undefined => {
    const key = node?.dataset.key;
    if (node === null || key === undefined) return undefined;
    this.elements.set(key, node);
    this.observer ??= typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => this.resized(entries));
    this.observer?.observe(node);
    return () => {
      if (this.elements.get(key) === node) this.elements.delete(key);
      this.observer?.unobserve(node);
    };
  };

  afterCommit(keys: readonly string[], range: IndexRange, windowed: boolean): void {
    this.keys = keys;
    this.range = range;
    this.windowed = windowed;
    if (windowed) {
      for (const [key, element] of this.elements) this.measured(key, element.getBoundingClientRect().height);
      this.holdStill();
      this.moveWindow(false);
    }
    this.reveal();
  }

  /**
   * Scrolls the entry with this key to the middle of the viewport and calls `shown` with its element,
   * now or after the commits that load and render it: one outside the window is rendered first, by
   * scrolling to where it is estimated to be. The caller stops following the newest entries first.
   */
  scrollToKey(key: string, shown: (element: HTMLElement) => void): void {
    this.revealing = { key, shown };
    this.reveal();
  }

  /** Forgets an entry asked for that will not come (history cannot reach it). */
  cancelScrollTo(key: string): void {
    if (this.revealing?.key === key) this.revealing = null;
  }

  private reveal(): void {
    const target = this.revealing;
    const box = this.scroller.current;
    const list = this.list.current;
    if (target === null || box === null || list === null) return;
    const element = this.elements.get(target.key);
    if (element !== undefined) {
      this.revealing = null;
      element.scrollIntoView({ block: "center" });
      this.captureAnchor();
      target.shown(element);
      return;
    }
    const index = this.keys.indexOf(target.key);
    if (index < 0 || !this.windowed) return;
    box.scrollTop = this.listOffset(box, list) + (this.heights.tops(this.keys)[index] ?? 0) - box.clientHeight / 2;
    this.captureAnchor();
    this.moveWindow(false);
  }

  onScroll(): void {
    // What the reader sees now is what later changes must not move.
    this.captureAnchor();
    this.moveWindow(true);
  }

  disconnect(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  private resized(entries: readonly ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const key = (entry.target as HTMLElement).dataset.key;
      const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
      if (key !== undefined && this.measured(key, height)) changed = true;
    }
    if (!changed || !this.windowed) return;
    this.holdStill();
    this.moveWindow(false);
  }

  /** Records a height; none means the entry is not laid out (a hidden box, or jsdom), so it tells nothing. */
  private measured(key: string, height: number): boolean {
    return height > 0 && this.heights.set(key, height);
  }

  private holdStill(): void {
    const box = this.scroller.current;
    if (box === null) return;
    // While older pages load for an entry to reveal, the reader still sits at the bottom, but is
    // about to leave it: keeping the bottom in view would undo the scroll that reveals the entry.
    if (this.isFollowing() && this.revealing === null) {
      box.scrollTop = box.scrollHeight;
    } else if (this.anchor !== null) {
      const now = this.contentTop(this.anchor.key);
      if (now !== null && Math.abs(now - this.anchor.top) >= 0.5) box.scrollTop += now - this.anchor.top;
    }
    this.captureAnchor();
  }

  /** Where the list starts in the scroll box's content, in px. */
  private listOffset(box: HTMLElement, list: HTMLElement): number {
    return list.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  }

  private contentTop(key: string): number | null {
    const box = this.scroller.current;
    const list = this.list.current;
    const index = this.keys.indexOf(key);
    if (box === null || list === null || index < 0) return null;
    return this.listOffset(box, list) + (this.heights.tops(this.keys)[index] ?? 0);
  }

  private captureAnchor(): void {
    const box = this.scroller.current;
    const list = this.list.current;
    if (box === null || list === null || this.keys.length === 0) return;
    const offset = this.listOffset(box, list);
    const tops = this.heights.tops(this.keys);
    // The first entry that starts in view: unlike one cut by the top edge, its own height moves
    // nothing that the reader sees above it.
    const index = Math.min(firstStartingAt(tops, box.scrollTop - offset), this.keys.length - 1);
    const key = this.keys[index];
    if (key !== undefined) this.anchor = { key, top: offset + (tops[index] ?? 0) };
  }

  /**
   * Renders another range if the viewport has come near the edge of this one. What the reader sees
   * is rendered at once; the overscan around it may wait for a later task. So a jump (a scroll bar
   * dragged, a quote followed) mounts about a viewport's worth of entries where the scroll happens and
   * the rest after it, in a transition that React renders in slices and drops if the reader jumps
   * again: mounting the whole window in the scroll event made tasks over 50 ms on a busy machine.
   */
  private moveWindow(now: boolean): void {
    const box = this.scroller.current;
    const list = this.list.current;
    // No height means no layout yet (or jsdom, or a hidden box): keep what is rendered.
    if (!this.windowed || box === null || list === null || box.clientHeight === 0 || this.keys.length === 0) return;
    const tops = this.heights.tops(this.keys);
    const viewTop = box.scrollTop - this.listOffset(box, list);
    const viewBottom = viewTop + box.clientHeight;
    const next = nextRange(tops, this.range, viewTop, viewBottom, OVERSCAN_PX);
    if (next === null) return;
    if (contains(this.range, entriesBetween(tops, viewTop, viewBottom))) {
      const range = this.keyRange(next);
      startTransition(() => this.setKeyRange(range));
      return;
    }
    const range = this.keyRange(entriesBetween(tops, viewTop - JUMP_MARGIN_PX, viewBottom + JUMP_MARGIN_PX));
    // While scrolling, render in this frame: a blank band would flash otherwise. The commit's
    // afterCommit comes back here and extends the range to the overscan.
    if (now) flushSync(() => this.setKeyRange(range));
    else this.setKeyRange(range);
  }

  private keyRange({ start, end }: IndexRange): KeyRange {
    return { from: this.keys[start] ?? "", to: end >= this.keys.length ? null : (this.keys[end - 1] ?? null) };
  }
}
