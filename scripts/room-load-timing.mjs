#!/usr/bin/env node
// How long a room page takes to become usable, in Debian's Chromium, against running servers (one
// URL each; give two builds to compare them, runs alternate between them). For each run, two fresh
// browser profiles open the same room: a newcomer (no remembered name: the page is usable when its
// name field shows, i.e. once hydrated) and a returning member (a remembered name: the page joins by
// itself; it is usable at "Connected"). Prints medians, in ms from navigation start.
//
//   node scripts/room-load-timing.mjs [--runs 10] [--slow] http://127.0.0.1:3271 [http://127.0.0.1:3272]
//
// --slow: Chromium's emulation of a slow phone on a mobile network: 150 ms round trips, 1.6 Mbit/s
// down, 750 kbit/s up, CPU 4x slower. Each run uses a new name, so the room never refuses one.
import { chromium } from "@playwright/test";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const runs = flag("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 10;
const urls = args.filter((arg) => /^https?:\/\//.test(arg));
if (urls.length === 0 || !(runs > 0)) {
  console.error("usage: node scripts/room-load-timing.mjs [--runs N] [--slow] URL [URL...]");
  process.exit(2);
}

/** Runs in the page from its start: notes when React has hydrated, the name field shows, "Connected" shows. */
function probe() {
  const marks = {};
  globalThis.roomLoadMarks = marks;
  const tick = () => {
    const now = performance.now();
    const root = document.querySelector("main, form");
    if (!marks.hydrated && root && Object.keys(root).some((key) => key.startsWith("__reactFiber"))) marks.hydrated = now;
    if (!marks.nameField && document.querySelector("#display-name")) marks.nameField = now;
    if (!marks.connected && document.body?.innerText.includes("Connected")) marks.connected = now;
    if (!(marks.hydrated && (marks.nameField || marks.connected))) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function openRoom(browser, url, code, name) {
  const context = await browser.newContext();
  try {
    if (name !== null) await context.addInitScript((stored) => localStorage.setItem("roomchat:name", stored), name);
    await context.addInitScript(probe);
    const page = await context.newPage();
    if (flag("--slow")) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    }
    await page.goto(`${url}/room/${code}`, { waitUntil: "commit" });
    await page.waitForFunction(
      (returning) => {
        const marks = globalThis.roomLoadMarks;
        return marks?.hydrated !== undefined && (returning ? marks.connected : marks.nameField) !== undefined;
      },
      name !== null,
      { timeout: 60_000 },
    );
    return await page.evaluate(() => globalThis.roomLoadMarks);
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const rooms = [];
  for (const url of urls) {
    const response = await fetch(`${url}/api/rooms`, { method: "POST", headers: { origin: url } });
    rooms.push((await response.json()).code);
  }
  const samples = urls.map(() => ({ newcomer: [], returning: [] }));
  for (let run = 0; run < runs; run += 1) {
    for (const [i, url] of urls.entries()) {
      samples[i].newcomer.push(await openRoom(browser, url, rooms[i], null));
      samples[i].returning.push(await openRoom(browser, url, rooms[i], `Timing ${run}`));
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);
  for (const [i, url] of urls.entries()) {
    const { newcomer, returning } = samples[i];
    console.log(
      `${url}: newcomer hydrated ${median(newcomer.map((m) => m.hydrated))}, name field ${median(newcomer.map((m) => m.nameField))}; ` +
        `returning hydrated ${median(returning.map((m) => m.hydrated))}, connected ${median(returning.map((m) => m.connected))} (ms, median of ${runs})`,
    );
  }
} finally {
  await browser.close();
}
