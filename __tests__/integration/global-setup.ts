/**
 * Integration tests run the real server in production mode, which serves the output of `next build`:
 * build it first when it is missing or older than the sources (scripts/ensure-build.mjs).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

export default function globalSetup(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, "../../scripts/ensure-build.mjs")], { stdio: "inherit" });
}
