/**
 * `npm run bench`: the app's production build against a minimal reference Socket.IO server, on the
 * same machine, one after the other, driven by the same load generator. See docs/performance.md.
 *
 *   npm run bench -- --quick                 the CI smoke test: under a minute, fails on any loss and
 *                                            on a scenario that moved no traffic (exit status 1)
 *   npm run bench -- --scenario fanout --duration 30 --json
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { USAGE, parseOptions, type Options, type ScenarioName } from "./options";
import { cleanUpEverything, installCleanup } from "./processes";
import { jsonLine, renderRepeatSummary, renderTable, type ScenarioResult } from "./report";
import { trafficFailures } from "./scenarios/checks";
import type { ScenarioContext } from "./scenarios/context";
import { runHistory } from "./scenarios/history";
import { runChanges } from "./scenarios/changes";
import { runIdle } from "./scenarios/idle";
import { runMessageScenario } from "./scenarios/messages";
import { ROOT } from "./servers";

const SCENARIOS: Record<ScenarioName, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  fanout: (ctx) => runMessageScenario("fanout", ctx),
  rooms: (ctx) => runMessageScenario("rooms", ctx),
  writes: (ctx) => runMessageScenario("writes", ctx),
  changes: runChanges,
  idle: runIdle,
  history: runHistory,
};

/** The scenarios --instances applies to: idle and history measure one process's connections and pages. */
const MULTI_INSTANCE: ReadonlySet<ScenarioName> = new Set(["fanout", "rooms", "writes", "changes"]);

const startedAt = Date.now();
/** Progress goes to stderr, each line stamped with the seconds since the start. */
const log = (line: string) => process.stderr.write(`${line.startsWith("\n") ? "\n" : ""}[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line.trimStart()}\n`);

/** --profile DIR: the app runs under --cpu-prof and leaves one .cpuprofile per start in DIR. */
function appNodeArgs(profileDir: string | undefined): string[] {
  if (profileDir === undefined) return [];
  const dir = path.resolve(profileDir);
  mkdirSync(dir, { recursive: true });
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

async function runScenario(options: Options, name: ScenarioName, repetition: number, nodeArgs: string[]): Promise<ScenarioResult> {
  const label = options.repeat > 1 ? `${name}, repetition ${repetition} of ${options.repeat}` : name;
  log(`\n[${label}] ${JSON.stringify(options.params[name])}`);
  const started = Date.now();
  const instances = MULTI_INSTANCE.has(name) ? options.instances : 1;
  const referenceFirst = repetition % 2 === 0;
  const ctx: ScenarioContext = { params: options.params[name], quick: options.quick, workers: options.workers, instances, appNodeArgs: nodeArgs, referenceFirst, rounds: options.rounds, log };
  const result = await SCENARIOS[name](ctx);
  if (instances < options.instances) result.notes.unshift(`--instances ${options.instances} applies to fanout, rooms, writes and changes: this scenario ran the app as one process, on SQLite`);
  if (options.repeat > 1) {
    result.repetition = repetition;
    const order = result.reference === null ? "" : `; the ${referenceFirst ? "reference" : "app"} was measured first`;
    result.notes.unshift(`repetition ${repetition} of ${options.repeat}${order}`);
  }
  log(`[${label}] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function runAll(options: Options): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const nodeArgs = appNodeArgs(options.profileDir);
  for (let repetition = 1; repetition <= options.repeat; repetition += 1) {
    for (const name of options.scenarios) {
      const result = await runScenario(options, name, repetition, nodeArgs);
      results.push(result);
      if (options.json) process.stdout.write(`${jsonLine(result)}\n`);
    }
  }
  return results;
}

async function main(): Promise<number> {
  let options: Options | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  installCleanup();
  // Every wait inside has its own timeout; this is the backstop for the whole run.
  const sendingS = options.repeat * options.scenarios.reduce((sum, name) => sum + 2 * options.params[name].durationS, 0);
  const limitS = options.repeat * (options.quick ? 120 : 900) + 2 * sendingS;
  setTimeout(() => {
    log(`bench: still running after ${limitS} s, giving up`);
    cleanUpEverything();
    process.exit(1);
  }, limitS * 1000).unref();
  const started = Date.now();
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "ensure-build.mjs")], { cwd: ROOT, stdio: "inherit" });
  const results = await runAll(options);
  const tables = results.map(renderTable).join("\n") + (options.repeat > 1 ? `\n${renderRepeatSummary(results)}` : "");
  (options.json ? process.stderr : process.stdout).write(`\n${tables}`);
  // A scenario that moved no traffic fails in any mode: its loss checks would pass on nothing.
  const failures = results.flatMap((result) => [...result.failures, ...trafficFailures(result)].map((failure) => `${result.name}: ${failure}`));
  const checks = options.quick ? "quick-mode checks" : "traffic checks";
  log(`\n${results.length} scenario(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${checks}: ${failures.length === 0 ? "passed" : `${failures.length} FAILED`}`);
  failures.forEach((failure) => log(`FAILED ${failure}`));
  return failures.length === 0 ? 0 : 1;
}

main()
  .then((code) => {
    cleanUpEverything();
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    cleanUpEverything();
    process.exitCode = 1;
  });
