/**
 * Starts the two servers under test on free loopback ports and waits until /healthz answers: the
 * app's production build (dist/server.js, NODE_ENV=production; one process, or several with
 * --instances, see instances.ts) and the reference server. Every server process is a direct child of
 * this process, so its pid is the server's own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { scriptCommands } from "../tooling/dockerfile";
import { freePort } from "../tooling/free-port";
import { isRunning, stopChild, track } from "./processes";

export const ROOT = path.resolve(__dirname, "..");
export type ServerKind = "app" | "reference";

/** One process of a server under test. */
export interface ServerProcess {
  url: string;
  pid: number;
}

export interface RunningServer {
  kind: ServerKind;
  /** The first (or only) process: where the rooms are created, and all that idle and history use. */
  url: string;
  pid: number;
  /** Every process of the server: one, or the app's instances in the order members are dealt to them. */
  processes: ServerProcess[];
  /** CPU seconds used so far by what the server relies on outside its processes (PostgreSQL, Redis). */
  backingCpuS?: () => number;
  /** SIGTERM (the app shuts down gracefully), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** Variables the app reads (lib/config.ts) that must not leak in from the caller's shell. */
const APP_SETTINGS = /^(PORT|HOSTNAME|DATABASE_URL|DATABASE_POOL_SIZE|REDIS_.*|LOG_LEVEL|NODE_ENV|SHUTDOWN_TIMEOUT_MS|PRESENCE_GRACE_MS|ALLOWED_ORIGINS|TRUST_PROXY|MAX_CONNECTIONS_.*|RATE_.*|FLOOD_.*)$/;

/** The caller's environment without the app's settings; both servers run with NODE_ENV=production. */
function baseEnv(): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !APP_SETTINGS.test(name))), NODE_ENV: "production" };
}

async function waitHealthy(child: ChildProcess, url: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before answering:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not answer /healthz within 30 s:\n${stderr()}`);
}

async function launch(kind: ServerKind, args: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const port = await freePort();
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" }, stdio: ["ignore", "ignore", "pipe"] }));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(child, url, () => stderr);
  } catch (error) {
    await stopChild(child, "SIGKILL");
    throw error;
  }
  const pid = child.pid!;
  return { kind, url, pid, processes: [{ url, pid }], stop: () => stopChild(child) };
}

/**
 * The node flags in a start script of the form `[VAR=value ...] node [flags] dist/server.js`: the
 * benchmark starts the app with `npm start`'s flags, so that it measures what production runs (the
 * container test holds the Dockerfile's CMD to the same command, parsed the same way).
 */
export function nodeFlagsOf(startScript: string): string[] {
  const [command, ...more] = scriptCommands(startScript);
  const argv = command?.argv ?? [];
  if (more.length > 0 || argv[0] !== "node" || argv.at(-1) !== "dist/server.js" || argv.length < 2) {
    throw new Error(`expected npm start to be "node [flags] dist/server.js", found: ${startScript}`);
  }
  return argv.slice(1, -1);
}

/** What the benchmark runs the app with, after `node`: `npm start`'s flags and entry point. */
export const APP_ARGS = [...nodeFlagsOf((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start), "dist/server.js"];

/**
 * One app process in its default configuration, plus `env` (the database, Redis, and the message
 * limits that the saturating scenarios raise and say so). Logs at warn: the benchmark does not read
 * them. Node runs with `npm start`'s flags; `nodeArgs` lets a profiling run add e.g. --cpu-prof.
 */
export function startApp(env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const appEnv = { ...baseEnv(), NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", ...env };
  return launch("app", [...nodeArgs, ...APP_ARGS], appEnv);
}

/** `env`: the reference's own switches (REFERENCE_KEEP_MESSAGES for the changes scenario). */
export function startReference(env: Record<string, string> = {}): Promise<RunningServer> {
  return launch("reference", ["--import", "tsx", path.join(__dirname, "reference-server.ts")], { ...baseEnv(), ...env });
}
