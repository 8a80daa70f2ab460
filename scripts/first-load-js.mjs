#!/usr/bin/env node
// Prints each page's first-load JavaScript, gzipped, from the production build in .next: the shared
// framework chunks every page loads (rootMainFiles) plus the page's own entry chunks. Next.js 16 no
// longer prints this table after `next build`; issue 5's budget is under 150 KB for the room page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, ".next");
const require = createRequire(import.meta.url);
const gz = (file) => gzipSync(readFileSync(path.join(next, file))).length;

const pages = { "/": "app/page", "/room/[code]": "app/room/[code]/page" };
const rows = [];
for (const [route, entry] of Object.entries(pages)) {
  const build = JSON.parse(readFileSync(path.join(next, "server", entry, "build-manifest.json"), "utf8"));
  globalThis.self = globalThis;
  require(path.join(next, "server", `${entry}_client-reference-manifest.js`));
  const manifest = globalThis.__RSC_MANIFEST[`/${entry.slice("app/".length)}`];
  const own = manifest.entryJSFiles[`[project]/${entry}`] ?? [];
  const layout = manifest.entryJSFiles["[project]/app/layout"] ?? [];
  const files = [...new Set([...build.rootMainFiles, ...layout, ...own])];
  const total = files.reduce((sum, file) => sum + gz(file), 0);
  rows.push({ route, files: files.length, gzipKB: +(total / 1024).toFixed(1) });
}
if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
else for (const row of rows) console.log(`${row.route.padEnd(14)} first-load JS ${row.gzipKB} KB gzipped (${row.files} files)`);
