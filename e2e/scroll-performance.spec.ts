/**
 * Issue 5, the browser half: a reader who has loaded 5,000 messages still scrolls smoothly.
 * Seeds a room over the socket protocol, loads the whole history by scrolling to the top (50 messages
 * a page), scrolls through it, then follows the bottom while someone talks; for each phase it reports
 * the long tasks (main-thread work over 50 ms) and the frame rate. docs/performance.md ("Browser:
 * 5,000 messages") has the figures and the reasons for the bounds.
 */
import { expect, test, type ElementHandle, type Page } from "@playwright/test";
import { countFrames, figures, installLongTaskProbe, summary, type Stretch } from "./page-timing";
import { chatLive, seedRoom } from "./seed-room";

const TOTAL = 5_000;
const FIRST = "The very first message";
const LAST = "The very last message";

/** The element that scrolls the conversation: the log's nearest ancestor with its own vertical scrolling. */
async function conversationScroller(page: Page): Promise<ElementHandle<HTMLElement>> {
  const handle = await page.getByRole("log", { name: "Conversation" }).evaluateHandle((log) => {
    let element: HTMLElement | null = log as HTMLElement;
    while (element !== null && getComputedStyle(element).overflowY !== "auto") element = element.parentElement;
    if (element === null) throw new Error("the conversation has no scrolling ancestor");
    return element;
  });
  return handle as ElementHandle<HTMLElement>;
}

/** Scrolls to the top until no older page is left. */
async function loadWholeHistory(scroller: ElementHandle<HTMLElement>): Promise<Stretch> {
  return scroller.evaluate(async (box) => {
    const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const hasOlder = () => Array.from(box.querySelectorAll("button")).some((button) => /older messages/i.test(button.textContent ?? ""));
    const start = performance.now();
    let frames = 0;
    while (hasOlder() && performance.now() - start < 150_000) {
      // Reaching the top asks for the next page; while one loads this changes nothing.
      box.scrollTop = 0;
      await nextFrame();
      frames += 1;
    }
    return { frames, start, end: performance.now() };
  });
}

/**
 * Scrolls by script, one step per animation frame: `readingFrames` frames of 100 px upwards from the
 * bottom (someone reading back with a wheel), then a sweep to the top and back to the bottom in
 * `sweepFrames` frames each way (someone dragging the scroll bar). Positions are fractions of the
 * current scroll height, so they stay right while a windowed list corrects its estimates.
 */
async function scrollThrough(scroller: ElementHandle<HTMLElement>, readingFrames: number, sweepFrames: number): Promise<Stretch> {
  return scroller.evaluate(
    async (box, { readingFrames, sweepFrames }) => {
      const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const bottom = () => box.scrollHeight - box.clientHeight;
      box.scrollTop = bottom();
      await nextFrame();
      const start = performance.now();
      let frames = 0;
      for (let i = 0; i < readingFrames; i += 1, frames += 1) {
        box.scrollBy(0, -100);
        await nextFrame();
      }
      const from = box.scrollTop / Math.max(1, bottom());
      for (let i = 1; i <= sweepFrames; i += 1, frames += 1) {
        box.scrollTop = bottom() * from * (1 - i / sweepFrames);
        await nextFrame();
      }
      for (let i = 1; i <= sweepFrames; i += 1, frames += 1) {
        box.scrollTop = (bottom() * i) / sweepFrames;
        await nextFrame();
      }
      return { frames, start, end: performance.now() };
    },
    { readingFrames, sweepFrames },
  );
}

test("a reader who has loaded 5,000 messages scrolls and follows new ones without long tasks", async ({ browser, baseURL, request }) => {
  test.setTimeout(300_000);
  // Measured in a browser with no other page open: specs before this one may leave theirs behind,
  // and one still animating (a page reconnecting to a stopped server) took frames from this one.
  await Promise.all(browser.contexts().map((context) => context.close()));
  const created = await request.post("/api/rooms");
  expect(created.status()).toBe(201);
  const { code } = (await created.json()) as { code: string };
  await seedRoom(baseURL ?? "", code, { total: TOTAL, first: FIRST, last: LAST });

  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  await page.addInitScript(installLongTaskProbe);
  await page.goto(`/room/${code}`);
  await page.getByLabel("Your name").fill("Reader");
  await page.getByRole("button", { name: "Join room" }).click();
  const log = page.getByRole("log", { name: "Conversation" });
  await expect(log).toContainText(LAST);

  const scroller = await conversationScroller(page);
  const loading = await figures(page, await loadWholeHistory(scroller));
  await expect(page.getByRole("button", { name: /older messages/i })).toHaveCount(0);
  // The whole history is there, the oldest at the top.
  await scroller.evaluate((box) => (box.scrollTop = 0));
  await expect(log).toContainText(FIRST);

  const scrolling = await figures(page, await scrollThrough(scroller, 180, 120));
  await expect(log).toContainText(LAST);

  // Someone keeps talking while the reader follows at the bottom: each message must cost little.
  const live = Array.from({ length: 20 }, (_, i) => `live message ${i + 1}`);
  const stopCounting = await countFrames(page);
  await chatLive(baseURL ?? "", code, "Cy", live, 100);
  await expect(log).toContainText(live.at(-1) ?? "");
  const receiving = await figures(page, await stopCounting());

  console.log(
    `[scroll-performance] ${TOTAL} messages: loading ${summary(loading)}; scrolling ${summary(scrolling)}; ` +
      `receiving ${live.length} messages ${summary(receiving)}`,
  );

  // What the bounds tell apart is a windowed list from one that renders every message, on a machine
  // of this kind whatever its speed that day (docs/performance.md). Measured when the machine was about
  // 3x faster than on 2026-12-07: the windowed list had no long task in any phase; the full list spent
  // 5-16 s in long tasks of up to 210 ms while loading (each page re-rendered all the messages), and
  // had 22-25 of up to 310 ms while receiving 20 messages. On 2026-12-07, with the benchmark's reference
  // server 3x slower too, the unchanged windowed list (95e63d2) had 6 and 9 short long tasks while
  // loading (370 and 503 ms in all), and this one 9 to 32 (499 to 2,092 ms, the most in a clean CI run),
  // none over 96 ms, and up to 3 of at most 67 ms while scrolling. Scrolling alone hardly tells the two
  // apart: Chromium scrolls a still DOM well, and the full list had one or two long tasks of 95-125 ms.
  expect(loading.longTaskTotalMs, "time in long tasks while loading 100 pages").toBeLessThan(4_000);
  expect(loading.longTaskMaxMs).toBeLessThan(150);
  expect(scrolling.longTasks, "long tasks while scrolling").toBeLessThanOrEqual(5);
  expect(scrolling.longTaskMaxMs).toBeLessThan(150);
  expect(receiving.longTasks, "long tasks while receiving messages").toBeLessThanOrEqual(2);
  expect(receiving.longTaskMaxMs).toBeLessThan(150);
});
