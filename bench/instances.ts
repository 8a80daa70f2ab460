/**
 * The app under test. By default one process on a fresh SQLite file. With --instances N (the message
 * scenarios only), the deployment of docs/scaling.md in miniature: N processes on N ports sharing one
 * throwaway PostgreSQL database, and one throwaway Redis for cross-instance fan-out. Whatever is
 * started here stops with the returned server's stop(), or on the way out of an interrupted run.
 */
import path from "node:path";
import { createTestDatabase, startCluster, type TestCluster } from "../__tests__/support/postgres";
import { onCleanup, removeTempDir, tempDir } from "./processes";
import { treeCpuSeconds } from "./proc-stats";
import { startApp, type RunningServer } from "./servers";

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
  launch.log("  app: starting dist/server.js");
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

/** The instances as one server under test: members are dealt over `processes` in this order. */
function asOneServer(apps: RunningServer[], cluster: TestCluster, stopBacking: () => void): RunningServer {
  const first = apps[0]!;
  return {
    kind: "app",
    url: first.url,
    pid: first.pid,
    processes: apps.flatMap((app) => app.processes),
    // The postmaster and a backend per pooled connection; Redis joins them with the adapter.
    backingCpuS: () => treeCpuSeconds(cluster.pid),
    stop: async () => {
      await Promise.all(apps.map((app) => app.stop()));
      stopBacking();
    },
  };
}

async function startOnPostgres(launch: AppLaunch): Promise<RunningServer> {
  launch.log("  app: starting a throwaway PostgreSQL cluster");
  const cluster = await startCluster();
  const forget = onCleanup(cluster.stop);
  const stopBacking = () => {
    forget();
    cluster.stop();
  };
  try {
    const database = await createTestDatabase(cluster.adminUrl);
    launch.log(`  app: starting ${launch.instances} x dist/server.js on PostgreSQL`);
    const apps = await startInstances(launch.instances, { ...launch.env, DATABASE_URL: database.url }, launch.nodeArgs);
    return asOneServer(apps, cluster, stopBacking);
  } catch (error) {
    stopBacking();
    throw error;
  }
}

export function startAppUnderTest(launch: AppLaunch): Promise<RunningServer> {
  return launch.instances > 1 ? startOnPostgres(launch) : startOnSqlite(launch);
}
