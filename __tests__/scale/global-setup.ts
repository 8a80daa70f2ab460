/**
 * The scale tests run real server processes (so the production build must be current, as for the
 * integration tests) against one throwaway PostgreSQL cluster shared by every file of the run.
 */
import buildIfStale from "../integration/global-setup";
import { ADMIN_URL_VARIABLE, startCluster, type TestCluster } from "../../tooling/postgres";

const KEY = Symbol.for("roomchat.test.postgres");
type Holder = { [KEY]?: TestCluster };

export default async function globalSetup(): Promise<void> {
  buildIfStale();
  const cluster = await startCluster();
  (globalThis as Holder)[KEY] = cluster;
  // Jest starts its workers after the global setup, so they inherit this.
  process.env[ADMIN_URL_VARIABLE] = cluster.adminUrl;
}

export function stopSharedCluster(): void {
  (globalThis as Holder)[KEY]?.stop();
}
