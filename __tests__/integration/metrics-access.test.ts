/**
 * /metrics without METRICS_TOKEN: served to this host only. With TRUST_PROXY the client is the address
 * the proxy forwarded, so a proxy on this host (whose own connection comes from 127.0.0.1) does not make
 * every client local. (With a token set, probes-and-metrics.test.ts.)
 */
import path from "node:path";
import { startServer, tempDir, type RunningServer } from "./harness";

describe("/metrics without a token (real server behind one trusted proxy)", () => {
  const tmp = tempDir("metrics-access");
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"), { TRUST_PROXY: "1", METRICS_TOKEN: "" });
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  const scrape = (forwardedFor?: string) => fetch(`${server.url}/metrics`, { headers: forwardedFor === undefined ? {} : { "X-Forwarded-For": forwardedFor } });

  it("refuses a client the proxy forwarded from a public address", async () => {
    const response = await scrape("203.0.113.7");
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/METRICS_TOKEN/);
  });

  it("refuses a client that forged a loopback entry in front of the one the proxy appended", async () => {
    expect((await scrape("127.0.0.1, 203.0.113.7")).status).toBe(403);
  });

  it("serves a client on this host, forwarded or connecting directly", async () => {
    for (const forwardedFor of ["127.0.0.1", "::1", undefined]) {
      const response = await scrape(forwardedFor);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^roomchat_connections /m);
    }
  });
});
