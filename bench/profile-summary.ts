/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile DIR`, which runs the app under
 * node --cpu-prof): the functions with the most self time, and self time per package.
 *
 *   node --import tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script comes from: its npm package, node's internals, or the app's own code. */
function origin(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return modules[1];
  if (url.startsWith("node:") || url === "") return url === "" ? "(native/V8)" : "node internals";
  if (url.includes("/.next/")) return "app (.next bundle)";
  return "app";
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/work\/main\//, "");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
}

/** Self time in µs per node id: each sample's time delta goes to the node it landed in. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return self;
}

/**
 * Inclusive time (self plus everything called) per function of the app's own code: where the time
 * of a message goes, e.g. the store's appendMessage with its SQL. A function on the stack twice
 * (recursion) is counted once per sample.
 */
function inclusiveAppTimes(profile: CpuProfile, self: Map<number, number>): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const walk = (id: number, onStack: ReadonlySet<string>): number => {
    const node = byId.get(id);
    if (node === undefined) return 0;
    const name = origin(node.callFrame.url) === "app" ? label(node) : null;
    const below = name === null || onStack.has(name) ? onStack : new Set([...onStack, name]);
    const total = (node.children ?? []).reduce((sum, child) => sum + walk(child, below), self.get(id) ?? 0);
    if (name !== null && !onStack.has(name)) totals.set(name, (totals.get(name) ?? 0) + total);
    return total;
  };
  const root = profile.nodes[0];
  if (root !== undefined) walk(root.id, new Set());
  return totals;
}

function top(totals: Map<string, number>, limit: number, all: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

function summarise(file: string, limit: number): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let all = 0;
  const self = selfTimes(profile);
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    all += us;
    byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + us);
    const from = origin(node.callFrame.url);
    byOrigin.set(from, (byOrigin.get(from) ?? 0) + us);
  }
  const idle = byFunction.get("(idle)") ?? 0;
  return [
    `${file}: ${(all / 1e6).toFixed(1)} s sampled, ${((idle / all) * 100).toFixed(0)}% idle`,
    "self time by function:",
    ...top(byFunction, limit, all),
    "self time by origin:",
    ...top(byOrigin, 12, all),
    "inclusive time of the app's own functions (dist/):",
    ...top(inclusiveAppTimes(profile, self), 12, all),
  ].join("\n");
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
for (const file of positionals) process.stdout.write(`${summarise(file, Number(values.top))}\n\n`);
