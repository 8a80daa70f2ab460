import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3199);
const dataDir = mkdtempSync(path.join(tmpdir(), "roomchat-e2e-"));

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  // A test.only left in a spec fails the run on CI instead of silently running that test alone.
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "../test-results/e2e.json" }]] : "list",
  outputDir: "../test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The same path a user takes: a production build (made if stale), then `npm start`.
    command: "node scripts/ensure-build.mjs && npm start",
    cwd: "..",
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dataDir, "chat.db")}`,
      LOG_LEVEL: "warn",
      // scroll-performance.spec.ts seeds 5,000 messages in seconds from one address and reads them back
      // a page at a time. The other specs send a handful of messages each and never count on a refusal;
      // the limits themselves are tested in __tests__/integration/ (limits, history-flood,
      // identity-and-storage), against servers started with small limits of their own. The whole suite
      // also creates more rooms from 127.0.0.1 than RATE_ROOMS_PER_HOUR's 30.
      RATE_ROOMS_PER_HOUR: "100000",
      RATE_MESSAGES_PER_10S: "100000",
      RATE_MESSAGES_BURST: "100000",
      RATE_CHANGES_PER_10S: "100000",
      RATE_ADDRESS_KB_PER_MINUTE: "100000",
      RATE_HISTORY_PER_10S: "100000",
      RATE_HISTORY_PER_MINUTE: "100000",
    },
  },
});
