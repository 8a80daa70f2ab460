/**
 * Timing inside the page, for performance specs: long tasks (main-thread work over 50 ms) as the
 * browser's own PerformanceObserver reports them, and animation frames counted with
 * requestAnimationFrame, over a stretch of the page's clock.
 */
import type { Page } from "@playwright/test";

/** What the page records: every long task since it loaded, by the browser's own PerformanceObserver. */
interface LongTaskProbe {
  longTasks: { start: number; duration: number }[];
}

/** A stretch of time in the page's clock (performance.now()) and the animation frames painted in it. */
export interface Stretch {
  frames: number;
  start: number;
  end: number;
}

export interface Figures {
  seconds: number;
  fps: number;
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
}

/** For page.addInitScript: records every long task from the page's start. */
export function installLongTaskProbe(): void {
  const probe: LongTaskProbe = { longTasks: [] };
  (globalThis as unknown as { longTaskProbe: LongTaskProbe }).longTaskProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
}

/** Counts animation frames in the page until the returned function is called. */
export async function countFrames(page: Page): Promise<() => Promise<Stretch>> {
  await page.evaluate(() => {
    const counter = { frames: 0, start: performance.now(), running: true };
    (globalThis as unknown as { frameCounter: typeof counter }).frameCounter = counter;
    const tick = () => {
      if (!counter.running) return;
      counter.frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () =>
    page.evaluate(() => {
      const counter = (globalThis as unknown as { frameCounter: { frames: number; start: number; running: boolean } }).frameCounter;
      counter.running = false;
      return { frames: counter.frames, start: counter.start, end: performance.now() };
    });
}

/** The long tasks the page recorded within `stretch`, with its length and frame rate. */
export async function figures(page: Page, { frames, start, end }: Stretch): Promise<Figures> {
  const all = await page.evaluate(() => (globalThis as unknown as { longTaskProbe: LongTaskProbe }).longTaskProbe.longTasks);
  const durations = all.filter((task) => task.start >= start && task.start <= end).map((task) => task.duration);
  return {
    seconds: (end - start) / 1000,
    fps: (frames * 1000) / (end - start),
    longTasks: durations.length,
    longTaskTotalMs: durations.reduce((sum, duration) => sum + duration, 0),
    longTaskMaxMs: Math.max(0, ...durations),
  };
}

export function summary(figures: Figures): string {
  return (
    `${figures.seconds.toFixed(1)} s at ${figures.fps.toFixed(0)} fps, ` +
    `${figures.longTasks} long tasks (total ${figures.longTaskTotalMs.toFixed(0)} ms, max ${figures.longTaskMaxMs.toFixed(0)} ms)`
  );
}
