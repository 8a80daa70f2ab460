/**
 * Runs deploy/nginx.conf in a real nginx, in front of test servers: the file as shipped, with only its
 * upstream addresses, listen port and log path replaced. nginx runs in the foreground as a child of
 * the test, with a temp dir for its prefix, pid, logs and temp files, listening on 127.0.0.1 only.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./temp-dir";
import { freePort } from "./free-port";

const ROOT = path.resolve(__dirname, "..");
export const NGINX_CONF = path.join(ROOT, "deploy/nginx.conf");

export interface RunningProxy {
  url: string;
  /** The access log's lines so far, in deploy/nginx.conf's `roomchat` format. */
  accessLog(): string[];
  /** The upstream (host:port) that served each access-log line matching `pattern`. */
  upstreamsOf(pattern: RegExp): string[];
  /** Whether a line matching `pattern` is logged within 3 s: nginx logs a request when it ends, a WebSocket's when it closes. */
  logged(pattern: RegExp): Promise<boolean>;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  const found = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error("nginx is not installed: `apt-get install nginx` (as .ci/run does) to run the proxy tests.");
  return found;
}

/** Replaces `from` with `to`, insisting that the shipped file still says `from` (else the test would test nothing). */
function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer contains "${from}": update tooling/nginx.ts`);
  return text.split(from).join(to);
}

/** deploy/nginx.conf with the test's addresses: `upstreams` are host:port of the app instances. */
export function renderConfig(upstreams: [string, string], port: number, accessLog: string): string {
  let conf = readFileSync(NGINX_CONF, "utf8");
  conf = replaceAll(conf, "server app1:3000;", `server ${upstreams[0]};`);
  conf = replaceAll(conf, "server app2:3000;", `server ${upstreams[1]};`);
  conf = replaceAll(conf, "listen 80;", `listen 127.0.0.1:${port};`);
  return replaceAll(conf, "/var/log/nginx/access.log", accessLog);
}

export async function startProxy(upstreams: [string, string]): Promise<RunningProxy> {
  const tmp = tempDir("nginx");
  const port = await freePort();
  const file = (name: string) => path.join(tmp.dir, name);
  writeFileSync(file("roomchat.conf"), renderConfig(upstreams, port, file("access.log")));
  // The main context deploy/nginx.conf leaves to the host's nginx.conf: here, everything in the temp dir.
  // As root, workers would otherwise run as "nobody", who cannot enter a private temp dir.
  const user = process.getuid?.() === 0 ? "user root;\n" : "";
  const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${file(kind)};`).join("\n");
  writeFileSync(file("nginx.conf"), `${user}worker_processes 1;\nevents { worker_connections 512; }\nhttp {\n${temps}\n  include ${file("roomchat.conf")};\n}\n`);

  const child = spawn(nginxBinary(), ["-p", `${tmp.dir}/`, "-c", file("nginx.conf"), "-e", file("error.log"), "-g", `daemon off; pid ${file("nginx.pid")};`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const log = () => (existsSync(file("error.log")) ? readFileSync(file("error.log"), "utf8") : "");

  for (let deadline = Date.now() + 10_000; ; ) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}${log()}`);
    const up = await fetch(`${url}/healthz`).then((response) => response.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not answer in time:\n${stderr}${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const accessLog = () => readFileSync(file("access.log"), "utf8").split("\n").filter((line) => line !== "");
  return {
    url,
    accessLog,
    upstreamsOf: (pattern) => accessLog().filter((line) => pattern.test(line)).map((line) => /upstream=(\S+)/.exec(line)?.[1] ?? "none"),
    async logged(pattern) {
      for (const deadline = Date.now() + 3_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        if (accessLog().some((line) => pattern.test(line))) return true;
      }
      return false;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      tmp.remove();
    },
  };
}
