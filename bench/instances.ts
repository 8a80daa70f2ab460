/**
 * The app under test. By default one process on a fresh SQLite file. With --instances N (the message
 * scenarios only), the deployment of docs/scaling.md in miniature: N processes on N ports sharing one
 * throwaway PostgreSQL database, and one throwaway Redis for cross-instance fan-out. Whatever is
 * started here stops with the returned server's stop(), or on the way out of an interrupted run.
 */
import path from "node:path";
import { createTestDatabase, startCluster } from "../tooling/postgres";
import { startRedis } from "../tooling/redis";
import { onCleanup, removeTempDir, tempDir } from "./processes";
import { cpuSeconds, treeCpuSeconds } from "./proc-stats";
import { APP_ARGS, startApp, type RunningServer } from "./servers";

export interface AppLaunch {
  instances: number;
  /** Settings on top of the app's defaults (the raised message limits of the saturating scenarios). */
  env: Record<string, string>;
  /** Node flags for every app process (--cpu-prof from --profile). */
  nodeArgs: string[];
  log(line: string): void;
}

async function startOnSqlite(launch: AppLaunch): Promise<RunningServer> {
  const dir = tempDir("app");
  launch.log(`  app: starting node ${APP_ARGS.join(" ")}`);
  try {
    const app = await startApp({ ...launch.env, DATABASE_URL: `file:${path.join(dir, "chat.db")}` }, launch.nodeArgs);
    return { ...app, stop: () => app.stop().finally(() => removeTempDir(dir)) };
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
}

/** Starts `count` app processes at once; if one fails, stops the others before failing. */
async function startInstances(count: number, env: Record<string, string>, nodeArgs: string[]): Promise<RunningServer[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startApp(env, nodeArgs)));
  const apps = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = started.find((result) => result.status === "rejected");
  if (failed === undefined) return apps;
  await Promise.all(apps.map((app) => app.stop()));
  throw failed.reason;
}

function killIfRunning(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** What the instances share: a PostgreSQL database and a Redis, both fresh and throwaway. */
interface Backing {
  env: { DATABASE_URL: string; REDIS_URL: string };
  /** The postmaster, a backend per pooled connection, and redis-server. */
  cpuS(): number;
  stop(): Promise<void>;
}

async function startBacking(log: (line: string) => void): Promise<Backing> {
  log("  app: starting a throwaway PostgreSQL cluster and Redis");
  const cluster = await startCluster();
  const forgetCluster = onCleanup(cluster.stop);
  const stopCluster = () => {
    forgetCluster();
    cluster.stop();
  };
  try {
    const database = await createTestDatabase(cluster.adminUrl);
    const redis = await startRedis();
    // pg_ctl runs the cluster in the background, and redis-server is not one of the children that
    // processes.ts tracks: an interrupted run stops them through these.
    const forgetRedis = onCleanup(() => killIfRunning(redis.pid));
    return {
      env: { DATABASE_URL: database.url, REDIS_URL: redis.url },
      cpuS: () => treeCpuSeconds(cluster.pid) + cpuSeconds(redis.pid),
      stop: async () => {
        forgetRedis();
        await redis.stop();
        stopCluster();
      },
    };
  } catch (error) {
    stopCluster();
    throw error;
  }
}

/** The instances as one server under test: members are dealt over `processes` in this order. */
function asOneServer(apps: RunningServer[], backing: Backing): RunningServer {
  const first = apps[0]!;
  return {
    kind: "app",
    url: first.url,
    pid: first.pid,
    processes: apps.flatMap((app) => app.processes),
    backingCpuS: backing.cpuS,
    stop: async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await backing.stop();
    },
  };
}

async function startShared(launch: AppLaunch): Promise<RunningServer> {
  const backing = await startBacking(launch.log);
  try {
    launch.log(`  app: starting ${launch.instances} x node ${APP_ARGS.join(" ")} on PostgreSQL and Redis`);
    const apps = await startInstances(launch.instances, { ...launch.env, ...backing.env }, launch.nodeArgs);
    return asOneServer(apps, backing);
  } catch (error) {
    await backing.stop();
    throw error;
  }
}

export function startAppUnderTest(launch: AppLaunch): Promise<RunningServer> {
  return launch.instances > 1 ? startShared(launch) : startOnSqlite(launch);
}
