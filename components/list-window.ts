/**
 * The arithmetic of a windowed list: where each entry sits, from its measured height or an estimate
 * for one never rendered, and which entries to render around a viewport. No React and no DOM, so it
 * is tested on its own (__tests__/unit/list-window.test.ts).
 */

/** The space between two entries: the list's `gap-2`. */
export const ENTRY_GAP_PX = 8;
/**
 * Height assumed for an entry never rendered, about a one-line message. A constant rather than an
 * average of the measured ones: measuring an entry then moves no other entry's estimated position.
 */
export const ESTIMATED_ENTRY_PX = 64;

/** Entries start..end-1. */
export interface IndexRange {
  start: number;
  end: number;
}

/** The heights of a list's entries by key: measured once rendered, estimated before. */
export class EntryHeights {
  private readonly measured = new Map<string, number>();
  /**
   * The last tops computed, for that very keys array. One scroll event asks for them several times
   * (the render, the anchor, the window) and computing them walks every loaded entry: with 5,000 of
   * them that was 8% of the main thread's time while scrolling (a Chromium profile, 2026-12-07).
   */
  private cached: { keys: readonly string[]; tops: Float64Array } | null = null;

  /** Records a measured height; true if it differs from the height used until now. */
  set(key: string, height: number): boolean {
    const before = this.measured.get(key) ?? ESTIMATED_ENTRY_PX;
    this.measured.set(key, height);
    const changed = Math.abs(before - height) >= 0.5;
    if (changed) this.cached = null;
    return changed;
  }

  /**
   * tops[i] is where entry i starts; tops[keys.length] is the list's height plus one gap. The array
   * is shared with later calls for the same keys array until a height changes: read it, never write it.
   */
  tops(keys: readonly string[]): Float64Array {
    if (this.cached?.keys === keys) return this.cached.tops;
    const tops = new Float64Array(keys.length + 1);
    let top = 0;
    keys.forEach((key, i) => {
      top += (this.measured.get(key) ?? ESTIMATED_ENTRY_PX) + ENTRY_GAP_PX;
      tops[i + 1] = top;
    });
    this.cached = { keys, tops };
    return tops;
  }
}

/** The index of the first entry that starts at or below `y` (the entry count if none); a binary search, as tops only grow. */
export function firstStartingAt(tops: Float64Array, y: number): number {
  let low = 0;
  let high = tops.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((tops[middle] ?? 0) < y) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The entries in the band from `top` to `bottom` (list coordinates): from the one that `top` falls in
 * (or in the gap after it) to the one that `bottom` falls in; at least one if the list has any.
 */
export function entriesBetween(tops: Float64Array, top: number, bottom: number): IndexRange {
  const count = tops.length - 1;
  const start = Math.min(Math.max(0, firstStartingAt(tops, top) - 1), Math.max(0, count - 1));
  const end = Math.min(count, Math.max(start + 1, firstStartingAt(tops, bottom)));
  return { start, end };
}

/** Whether `outer` holds every entry of `inner`. */
export function contains(outer: IndexRange, inner: IndexRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The range to render for a viewport, or null to keep `current`. It is kept while it covers the
 * viewport with half the overscan to spare and is not larger than twice the overscan allows: the
 * window then moves in steps of about half the overscan rather than on every scroll event.
 */
export function nextRange(tops: Float64Array, current: IndexRange, viewTop: number, viewBottom: number, overscan: number): IndexRange | null {
  const needed = entriesBetween(tops, viewTop - overscan / 2, viewBottom + overscan / 2);
  const allowed = entriesBetween(tops, viewTop - overscan * 2, viewBottom + overscan * 2);
  if (contains(current, needed) && contains(allowed, current)) return null;
  return entriesBetween(tops, viewTop - overscan, viewBottom + overscan);
}
