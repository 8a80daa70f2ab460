/**
 * Throwaway PostgreSQL for tests: a cluster in a temp dir on a free loopback port, started once per Jest
 * run by the scale project's global setup, and a fresh database per test file or case. No systemd and
 * no Docker here: initdb and pg_ctl from Debian's `postgresql` package (../shared/ENVIRONMENT.md).
 * The benchmark's multi-instance mode (bench/instances.ts) uses the same cluster and databases.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { freePort } from "./free-port";

export interface TestCluster {
  /** The `postgres` maintenance database, as its superuser: where test databases are created. */
  adminUrl: string;
  /** The postmaster's pid, from its pid file: the benchmark counts its CPU and its backends'. */
  pid: number;
  stop(): void;
}

/** Where the global setup leaves the admin URL for the test files (workers inherit the environment). */
export const ADMIN_URL_VARIABLE = "ROOMCHAT_TEST_POSTGRES_URL";

/** The server binaries: `pg_config --bindir` first, else the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim());
  } catch {
    // pg_config comes with libpq-dev, which a server-only install may lack.
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(root, version, "bin")));
  }
  const bin = candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
  if (bin === undefined) {
    throw new Error("PostgreSQL is not installed: no initdb under `pg_config --bindir` or /usr/lib/postgresql/*/bin. Install Debian's `postgresql` package (as .ci/run does) to run the scale tests.");
  }
  return bin;
}

/** initdb refuses to run as root, so as root every server command runs as the `postgres` user. */
function serverCommand(dir: string): (tool: string, args: string[]) => void {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  return (tool, args) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  };
}

export async function startCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "roomchat-pg-"));
  const data = path.join(dir, "data");
  const run = serverCommand(dir);
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    // Durability settings off: this cluster lives for one test run, and the tests assert behaviour, not
    // crash safety. The unix socket goes in the temp dir, so no system directory is needed.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL cluster: ${String(error)}`, { cause: error });
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid: Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]),
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrlFromEnvironment(): string {
  const url = process.env[ADMIN_URL_VARIABLE];
  if (url === undefined) {
    throw new Error(`${ADMIN_URL_VARIABLE} is not set: run PostgreSQL tests through \`npm run test:scale\`, whose global setup starts the cluster.`);
  }
  return url;
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the run's cluster, or on the cluster of `adminUrl`. */
export async function createTestDatabase(adminUrl = adminUrlFromEnvironment()): Promise<TestDatabase> {
  const name = `roomchat_${crypto.randomUUID().replaceAll("-", "")}`;
  await asAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a test that failed half-way may have left connections open.
    drop: () => asAdmin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}
