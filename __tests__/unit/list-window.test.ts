import { ENTRY_GAP_PX, ESTIMATED_ENTRY_PX, EntryHeights, entriesBetween, firstStartingAt, nextRange } from "@/components/list-window";

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

describe("EntryHeights", () => {
  it("places entries one after another, estimated until measured", () => {
    const heights = new EntryHeights();
    expect(heights.set("k1", 100)).toBe(true);
    expect(heights.set("k1", 100)).toBe(false);
    const tops = heights.tops(keys.slice(0, 3));
    expect(Array.from(tops)).toEqual([0, ESTIMATED_ENTRY_PX + ENTRY_GAP_PX, ESTIMATED_ENTRY_PX + 100 + 2 * ENTRY_GAP_PX, 2 * ESTIMATED_ENTRY_PX + 100 + 3 * ENTRY_GAP_PX]);
  });

  it("reuses the tops of the same keys until a height changes, and never those of other keys", () => {
    const heights = new EntryHeights();
    const first = heights.tops(keys);
    expect(heights.tops(keys)).toBe(first);
    // The same height again changes nothing; a new one moves every entry after it.
    heights.set("k0", ESTIMATED_ENTRY_PX);
    expect(heights.tops(keys)).toBe(first);
    heights.set("k0", 200);
    const second = heights.tops(keys);
    expect(second).not.toBe(first);
    expect(second[1]).toBe(200 + ENTRY_GAP_PX);
    expect(second[100]).toBe(200 + 99 * ESTIMATED_ENTRY_PX + 100 * ENTRY_GAP_PX);
    // Another array (a page loaded, a message arrived) is computed afresh, even with equal contents.
    const longer = [...keys, "k100"];
    expect(heights.tops(longer)).toHaveLength(102);
    expect(heights.tops([...keys])).not.toBe(second);
  });
});

describe("ranges", () => {
  // Every entry 92 px high, so with the gap each starts 100 px after the one before.
  const heights = new EntryHeights();
  for (const key of keys) heights.set(key, 100 - ENTRY_GAP_PX);
  const tops = heights.tops(keys);

  it("finds the first entry starting at or below a point", () => {
    expect(firstStartingAt(tops, -50)).toBe(0);
    expect(firstStartingAt(tops, 0)).toBe(0);
    expect(firstStartingAt(tops, 150)).toBe(2);
    expect(firstStartingAt(tops, 1_000_000)).toBe(100);
  });

  it("takes the entries of a band (with the one whose gap it starts in), at least one, within the list", () => {
    expect(entriesBetween(tops, 250, 450)).toEqual({ start: 2, end: 5 });
    expect(entriesBetween(tops, -500, 50)).toEqual({ start: 0, end: 1 });
    expect(entriesBetween(tops, 20_000, 30_000)).toEqual({ start: 99, end: 100 });
    expect(entriesBetween(new Float64Array([0]), 0, 100)).toEqual({ start: 0, end: 0 });
  });

  it("keeps a range while it covers the viewport with room to spare, and moves it by whole steps", () => {
    const current = { start: 20, end: 40 };
    // Viewport 2,500-3,300 px with a 400 px overscan: entries 22-34 must be there, 16-40 may be.
    expect(nextRange(tops, current, 2_500, 3_300, 400)).toBeNull();
    expect(nextRange(tops, current, 3_500, 4_300, 400)).toEqual({ start: 30, end: 47 });
    expect(nextRange(tops, { start: 0, end: 100 }, 2_500, 3_300, 400)).toEqual({ start: 20, end: 37 });
  });
});
