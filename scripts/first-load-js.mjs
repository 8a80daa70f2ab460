#!/usr/bin/env node
// Prints each page's JavaScript from the production build in .next, gzipped (Next.js 16 no longer
// prints this table after `next build`):
//
// - first-load: what the browser must download and run before the page is interactive, i.e. before
//   React has hydrated it and answers input: the scripts its HTML names, which are the shared
//   framework chunks (rootMainFiles) plus the root layout's and the page's own entry chunks. Issue 5's
//   budget (the room page under 150 KB) is on this figure.
// - deferred: the chunks those scripts load with import(), found as the chunk paths in their loaders,
//   and the chunks those load in turn. The pages start these loads right after hydration
//   (lib/client/load-realtime.ts), so every visit downloads them too; hydration does not wait for them.
//
// Flags: --json prints one JSON array; --max-kb N exits 1 when a page's first-load JS is over N KB.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, ".next");
const require = createRequire(import.meta.url);
const gz = (file) => gzipSync(readFileSync(path.join(next, file))).length;
const kb = (bytes) => +(bytes / 1024).toFixed(1);

const maxFlag = process.argv.indexOf("--max-kb");
const maxKB = maxFlag === -1 ? null : Number(process.argv[maxFlag + 1]);
if (maxKB !== null && !(maxKB > 0)) {
  console.error("--max-kb needs a number of KB, e.g. --max-kb 150");
  process.exit(2);
}

/** Chunks named by a loader in `files` (Turbopack writes them as "static/chunks/....js"), transitively. */
function deferredChunks(files) {
  const seen = new Set(files);
  const found = [];
  for (let i = 0, queue = [...files]; i < queue.length; i += 1) {
    for (const [name] of readFileSync(path.join(next, queue[i]), "utf8").matchAll(/static\/chunks\/[\w.-]+\.js/g)) {
      if (seen.has(name) || !existsSync(path.join(next, name))) continue;
      seen.add(name);
      found.push(name);
      queue.push(name);
    }
  }
  return found;
}

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
  const deferred = deferredChunks(files);
  const sum = (list) => list.reduce((total, file) => total + gz(file), 0);
  rows.push({ route, files: files.length, gzipKB: kb(sum(files)), deferredFiles: deferred.length, deferredGzipKB: kb(sum(deferred)) });
}

if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
else {
  for (const row of rows) {
    console.log(
      `${row.route.padEnd(14)} first-load JS ${row.gzipKB} KB gzipped (${row.files} files); ` +
        `deferred ${row.deferredGzipKB} KB (${row.deferredFiles} files, loaded after hydration)`,
    );
  }
}
const over = maxKB === null ? [] : rows.filter((row) => row.gzipKB > maxKB);
for (const row of over) console.error(`${row.route}: first-load JS ${row.gzipKB} KB gzipped is over the budget of ${maxKB} KB`);
if (maxKB !== null && over.length === 0) console.log(`first-load JS within ${maxKB} KB gzipped on every page`);
process.exit(over.length > 0 ? 1 : 0);
