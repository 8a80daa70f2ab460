import path from "node:path";
import { test } from "@playwright/test";

/**
 * Where a screenshot for the README and docs/ goes: beside the test's other output in test-results/,
 * unless `UPDATE_SCREENSHOTS=1 npm run test:e2e` asks to refresh the tracked ones in docs/. Each run's
 * room code differs, so writing docs/ on every run would leave the work tree changed.
 */
export function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS === "1" ? path.resolve(__dirname, "..", "docs", name) : test.info().outputPath(name);
}
