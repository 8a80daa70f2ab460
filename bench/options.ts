/** The command line: `npm run bench -- [--quick] [--json] [--scenario NAME] [--members N] ...`. */
import { parseArgs } from "node:util";

export const SCENARIO_NAMES = ["fanout", "rooms", "writes", "changes", "idle", "history"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** One scenario's size. `rate` is messages per second per room; 0 means saturating. */
export interface ScenarioParams {
  rooms: number;
  members: number;
  durationS: number;
  rate: number;
  /** history: messages stored in the room, and requests measured per kind of page. */
  rows: number;
  requests: number;
}

export interface Options {
  quick: boolean;
  json: boolean;
  workers: number;
  /**
   * App processes in the message scenarios (fanout, rooms, writes) and changes. Above 1 they share a throwaway
   * PostgreSQL database and Redis; idle and history always run one (bench/instances.ts).
   */
  instances: number;
  /** --profile DIR: run the app under node --cpu-prof, writing its profiles to DIR. */
  profileDir: string | undefined;
  /**
   * --repeat N: every scenario N times, the app first in odd repetitions and the reference first in
   * even ones, so that a machine that speeds up or slows down during the run does not favour either.
   */
  repeat: number;
  /** --rounds N: the message and changes scenarios' sending time per server, in N turns (scenarios/context.ts). */
  rounds: number;
  scenarios: ScenarioName[];
  params: Record<ScenarioName, ScenarioParams>;
}

const base = { rooms: 1, members: 1, durationS: 0, rate: 0, rows: 0, requests: 0 };
const FULL: Record<ScenarioName, ScenarioParams> = {
  fanout: { ...base, rooms: 1, members: 50, durationS: 10 },
  rooms: { ...base, rooms: 50, members: 20, durationS: 20, rate: 2 },
  writes: { ...base, rooms: 100, members: 2, durationS: 10 },
  changes: { ...base, rooms: 20, members: 10, durationS: 10 },
  idle: { ...base, rooms: 500, members: 20 },
  history: { ...base, rows: 100_000, requests: 2_000 },
};
const QUICK: Record<ScenarioName, ScenarioParams> = {
  fanout: { ...FULL.fanout, durationS: 3 },
  rooms: { ...FULL.rooms, rooms: 10, members: 10, durationS: 3 },
  writes: { ...FULL.writes, durationS: 2 },
  changes: { ...FULL.changes, rooms: 5, members: 5, durationS: 2 },
  idle: { ...FULL.idle, rooms: 25 },
  history: { ...FULL.history, requests: 200 },
};

export const MAX_INSTANCES = 4;
export const MAX_REPEAT = 9;
export const MAX_ROUNDS = 20;
/** Rounds per server in the message scenarios: 2 s each in the full run; quick mode still takes two turns. */
const FULL_ROUNDS = 5;
const QUICK_ROUNDS = 2;

export const USAGE = `Usage: npm run bench -- [options]
  --quick            small and short (under a minute); fails on any lost delivery or unacknowledged send
  --json             one JSON line per scenario on stdout (the table goes to stderr)
  --scenario NAME    run one scenario: ${SCENARIO_NAMES.join(", ")} (repeatable)
  --members N        members per room          --rooms N      rooms
  --duration S       seconds of sending        --rate R       messages/s per room (0 = saturating)
  --rows N           history: stored messages  --requests N   history: requests per page kind
  --workers N        load-generating processes (default 2)
  --instances N      app processes in fanout, rooms, writes and changes (1 to ${MAX_INSTANCES}, default 1); above 1 they
                     share a throwaway PostgreSQL and Redis, and latency is split by same/cross instance
  --repeat N         every scenario N times (1 to ${MAX_REPEAT}, default 1), alternating which server goes first,
                     then a summary of each target over the repetitions (see docs/performance.md, Drift)
  --rounds N         fanout, rooms, writes, changes: each server's sending time in N rounds, the two servers side by side
                     taking turns (1 to ${MAX_ROUNDS}; default ${FULL_ROUNDS}, ${QUICK_ROUNDS} with --quick)
  --profile DIR      run the app under node --cpu-prof, one .cpuprofile per start in DIR
                     (summarise with: node --import tsx bench/profile-summary.ts DIR/*.cpuprofile)`;

function positiveNumber(name: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new Error(`--${name} must be a ${allowZero ? "non-negative" : "positive"} number, not "${value}"`);
  return n;
}

function instanceCount(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_INSTANCES) throw new Error(`--instances must be a whole number from 1 to ${MAX_INSTANCES}, not "${value}"`);
  return n;
}

function repeatCount(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPEAT) throw new Error(`--repeat must be a whole number from 1 to ${MAX_REPEAT}, not "${value}"`);
  return n;
}

function roundCount(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROUNDS) throw new Error(`--rounds must be a whole number from 1 to ${MAX_ROUNDS}, not "${value}"`);
  return n;
}

function scenarioList(names: string[] | undefined): ScenarioName[] {
  if (names === undefined || names.length === 0) return [...SCENARIO_NAMES];
  return names.map((name) => {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}" (one of ${SCENARIO_NAMES.join(", ")})`);
    return name as ScenarioName;
  });
}

export function parseOptions(argv: string[]): Options | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      scenario: { type: "string", multiple: true },
      members: { type: "string" },
      rooms: { type: "string" },
      duration: { type: "string" },
      rate: { type: "string" },
      rows: { type: "string" },
      requests: { type: "string" },
      workers: { type: "string" },
      instances: { type: "string" },
      profile: { type: "string" },
      repeat: { type: "string" },
      rounds: { type: "string" },
    },
  });
  if (values.help) return "help";
  const overrides: Partial<ScenarioParams> = {
    members: positiveNumber("members", values.members),
    rooms: positiveNumber("rooms", values.rooms),
    durationS: positiveNumber("duration", values.duration),
    rate: positiveNumber("rate", values.rate, true),
    rows: positiveNumber("rows", values.rows),
    requests: positiveNumber("requests", values.requests),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const defaults = values.quick ? QUICK : FULL;
  const params = Object.fromEntries(SCENARIO_NAMES.map((name) => [name, { ...defaults[name], ...defined }])) as Record<ScenarioName, ScenarioParams>;
  return {
    quick: values.quick,
    json: values.json,
    workers: positiveNumber("workers", values.workers) ?? 2,
    instances: instanceCount(values.instances),
    profileDir: values.profile,
    repeat: repeatCount(values.repeat),
    rounds: roundCount(values.rounds, values.quick ? QUICK_ROUNDS : FULL_ROUNDS),
    scenarios: scenarioList(values.scenario),
    params,
  };
}
