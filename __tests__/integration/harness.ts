/**
 * Starts the real server (server.ts, production mode, a real database) as a child process on a free
 * port, and connects real Socket.IO clients to it. Every process started here is stopped by the test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Message } from "@/lib/protocol";
import { freePort } from "../../tooling/free-port";
import { tempDir } from "../../tooling/temp-dir";
import { GENEROUS_LIMITS, join, nextEvent, type Member, type TestSocket } from "../sockets";

const ROOT = path.resolve(__dirname, "../..");

export interface RunningServer {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Everything the server wrote to stdout, for assertions on logs. */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export { freePort, join, nextEvent, tempDir, type Member, type TestSocket };

/**
 * `database` is a SQLite file path, or `{ url }` for any DATABASE_URL (a PostgreSQL one in the scale
 * tests). `env` overrides anything else.
 */
export async function startServer(database: string | { url: string }, env: Record<string, string> = {}): Promise<RunningServer> {
  return launchServer(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: typeof database === "string" ? `file:${database}` : database.url,
      LOG_LEVEL: "info",
      // limits.test.ts and others set their own.
      ...GENEROUS_LIMITS,
      ...env,
    },
  });
}

/**
 * The server process of a describe block whose tests stop and start it again (SIGKILL, SIGTERM): it
 * starts before the block's tests, on a port and a database file that stay the same across restarts
 * (so clients come back to the same address and history), and is stopped, its files removed, after
 * them. `url` is the running server's.
 */
export function restartableServer(name: string, env: Record<string, string> = {}) {
  const tmp = tempDir(name);
  const databaseFile = path.join(tmp.dir, "chat.db");
  let port = 0;
  let server: RunningServer | undefined;
  const running = (): RunningServer => {
    if (server === undefined) throw new Error(`${name}: the server has not started`);
    return server;
  };
  const handle = {
    get url(): string {
      return running().url;
    },
    /** Starts it (again), on the same port and database. */
    async start(): Promise<void> {
      server = await startServer(databaseFile, { ...env, PORT: String(port) });
    },
    /** Stops it; resolves with its exit code (null if killed by a signal). */
    stop: (signal?: NodeJS.Signals): Promise<number | null> => running().stop(signal),
  };
  beforeAll(async () => {
    port = await freePort();
    await handle.start();
  });
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });
  return handle;
}

/** A child's whole environment. (Next's types make NODE_ENV required in NodeJS.ProcessEnv; a container sets its own.) */
export type ServerEnv = Record<string, string | undefined>;

/** Runs a server command (listening on 127.0.0.1) and resolves once it logs the port it listens on. */
export async function launchServer(command: string, args: string[], options: { cwd: string; env: ServerEnv }): Promise<RunningServer> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in time:\n${stderr}`));
    }, 30_000);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      const entry = parseJson(line);
      if (entry?.msg === "listening" && typeof entry.port === "number") {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    process: child,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function createRoom(url: string): Promise<string> {
  const response = await fetch(`${url}/api/rooms`, { method: "POST" });
  if (response.status !== 201) throw new Error(`POST /api/rooms answered ${response.status}`);
  return ((await response.json()) as { code: string }).code;
}

/** Every stored message of a room, oldest first, read forward page by page with ?after=. */
export async function storedHistory(url: string, code: string): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = 0; ; ) {
    const response = await fetch(`${url}/api/rooms/${code}/messages?after=${after}&limit=100`);
    const page = (await response.json()) as { messages: Message[]; hasMore: boolean };
    all.push(...page.messages);
    if (!page.hasMore) return all;
    after = page.messages.at(-1)?.seq ?? after;
  }
}
