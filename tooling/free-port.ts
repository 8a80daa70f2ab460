import { createServer } from "node:net";

/**
 * A loopback port that was free a moment ago: for servers the tests and the benchmark start themselves,
 * which must come back on the same address after a restart.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
