#!/usr/bin/env node
// Runs `npm run build` when the production build (.next and dist/server.js) is missing or older than
// any source file, so tests never exercise stale pages. Used by the integration tests and test:e2e.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = ["app", "components", "lib", "server.ts", "next.config.js", "tailwind.config.ts", "postcss.config.mjs", "package.json", "tsconfig.json", "tsconfig.server.json"];
const outputs = [path.join(root, ".next", "BUILD_ID"), path.join(root, "dist", "server.js")];

function newestMtime(entry) {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stats.mtimeMs);
}

export function ensureBuild() {
  const newestSource = sources
    .map((entry) => path.join(root, entry))
    .filter((entry) => existsSync(entry))
    .reduce((newest, entry) => Math.max(newest, newestMtime(entry)), 0);
  const fresh = outputs.every((output) => existsSync(output) && statSync(output).mtimeMs >= newestSource);
  if (fresh) return false;
  process.stderr.write("The production build is missing or stale: running `npm run build`...\n");
  try {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  } catch (error) {
    // Quiet on success; on failure show everything the build said (type errors go to stdout).
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw error;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild();
