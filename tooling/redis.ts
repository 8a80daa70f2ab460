/**
 * A throwaway redis-server for a test: its own port on 127.0.0.1, nothing saved to disk, stopped by
 * the test. It runs as a child process (not daemonized) so that it cannot outlive a crashed test run.
 */
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { Redis } from "ioredis";
import { freePort } from "./free-port";

const BINARY = process.env.REDIS_SERVER ?? "redis-server";

export interface RedisServer {
  url: string;
  port: number;
  /** The redis-server process: the benchmark counts its CPU and kills it if a run is interrupted. */
  pid: number;
  /** A client for the test itself (set-up, inspection); closed by stop(). */
  client(): Redis;
  /** Stops the server (SIGKILL with `hard`, as a crash would). */
  stop(options?: { hard?: boolean }): Promise<void>;
}

function assertInstalled(): void {
  const probe = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`redis-server is needed for these tests and was not found (${BINARY}). Install it: apt-get install -y redis-server`);
  }
}

/** One PING over a bare socket: a client library would keep reconnect timers alive after a refusal. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
  });
}

/** Starts redis-server, on `port` if given (to bring one back on the same address), and waits until it answers. */
export async function startRedis(port?: number): Promise<RedisServer> {
  assertInstalled();
  const chosen = port ?? (await freePort());
  const child = spawn(BINARY, ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "/tmp", "--loglevel", "warning"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close", not "exit": it also waits for the stderr pipe, which would otherwise keep Jest waiting.
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const url = `redis://127.0.0.1:${chosen}`;
  const clients: Redis[] = [];

  const deadline = Date.now() + 10_000;
  while (!(await answersPing(chosen))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${chosen}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url,
    port: chosen,
    pid: child.pid!,
    client() {
      const client = new Redis(url);
      clients.push(client);
      return client;
    },
    async stop({ hard = false } = {}) {
      clients.forEach((client) => client.disconnect());
      if (child.exitCode === null && child.signalCode === null) child.kill(hard ? "SIGKILL" : "SIGTERM");
      await exited;
    },
  };
}
