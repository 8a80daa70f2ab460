/**
 * How the window moves on a jump (a scroll bar dragged far): the entries in view first, in the scroll
 * event itself, and the overscan around them after that commit. Driven without React, with the layout
 * a browser would give: entries never measured count as the estimate, the list starts at the top of
 * the scroll box, the viewport is 600 px high.
 */
import { ENTRY_GAP_PX, ESTIMATED_ENTRY_PX } from "@/components/list-window";
import { WindowKeeper, type KeyRange } from "@/components/window-keeper";

const VIEW_PX = 600;
const STEP_PX = ESTIMATED_ENTRY_PX + ENTRY_GAP_PX;
const keys = Array.from({ length: 500 }, (_, i) => `k${i}`);

function setup() {
  let top = 0;
  const box = document.createElement("div");
  const list = document.createElement("div");
  Object.defineProperty(box, "clientHeight", { get: () => VIEW_PX });
  Object.defineProperty(box, "scrollHeight", { get: () => keys.length * STEP_PX });
  Object.defineProperty(box, "scrollTop", { get: () => top, set: (value: number) => (top = value) });
  box.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 400, height: VIEW_PX });
  list.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: -top, width: 400, height: keys.length * STEP_PX });
  const asked: { from: number; to: number }[] = [];
  const keeper = new WindowKeeper({ current: box }, { current: list }, () => false, (range: KeyRange) => {
    if (range === null) throw new Error("the keeper asked for no range");
    asked.push({ from: keys.indexOf(range.from), to: range.to === null ? keys.length - 1 : keys.indexOf(range.to) });
  });
  return { box, keeper, asked };
}

test("a jump renders the entries in view at once, and the overscan around them after that commit", () => {
  const { box, keeper, asked } = setup();
  keeper.afterCommit(keys, { start: 0, end: 20 }, true);
  expect(asked).toEqual([]);

  // Entry 250 at the top of the viewport, far outside the rendered entries 0-19.
  box.scrollTop = 250 * STEP_PX;
  keeper.onScroll();
  expect(asked).toHaveLength(1);
  const first = asked[0] ?? { from: 0, to: 0 };
  const inView = Math.ceil(VIEW_PX / STEP_PX);
  expect(first.from).toBeLessThanOrEqual(250);
  expect(first.to).toBeGreaterThanOrEqual(250 + inView - 1);
  // Little more than the viewport: a margin of 100 px on each side.
  expect(first.to - first.from + 1).toBeLessThanOrEqual(inView + 2 * Math.ceil(100 / STEP_PX) + 1);

  // That range rendered, the keeper extends it to the overscan (400 px each side).
  keeper.afterCommit(keys, { start: first.from, end: first.to + 1 }, true);
  expect(asked).toHaveLength(2);
  const second = asked[1] ?? { from: 0, to: 0 };
  expect(second.from).toBeLessThanOrEqual(250 - Math.floor(400 / STEP_PX));
  expect(second.to).toBeGreaterThanOrEqual(250 + inView - 1 + Math.floor(400 / STEP_PX));

  // Rendered in full, it stays while the reader scrolls within it.
  keeper.afterCommit(keys, { start: second.from, end: second.to + 1 }, true);
  box.scrollTop += STEP_PX;
  keeper.onScroll();
  expect(asked).toHaveLength(2);
});
