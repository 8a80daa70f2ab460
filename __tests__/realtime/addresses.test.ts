/**
 * The handshake's per-address cap behind a trusted proxy, against the realtime layer in-process: an
 * IPv6 client shares its /64's connections. The same keys over HTTP (room creation) are tested in
 * __tests__/integration/addresses.test.ts.
 */
import { startInProcess, type InProcessServer } from "./in-process";

describe("addresses behind a trusted proxy (in-process server)", () => {
  let server: InProcessServer;

  beforeAll(async () => {
    server = await startInProcess({ TRUST_PROXY: "1", MAX_CONNECTIONS_PER_IP: "2" });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("caps a /64's sockets together at the handshake", async () => {
    const code = await server.createRoom();
    const connectAs = (forwardedFor: string, name: string) => server.join({ code, name }, { extraHeaders: { "x-forwarded-for": forwardedFor } });

    await connectAs("2001:db8:5:5::1", "One");
    await connectAs("2001:db8:5:5::2", "Two");
    await expect(connectAs("[2001:db8:5:5::3]:1", "Three")).rejects.toMatchObject({ message: "rate_limited" });
    await connectAs("2001:db8:5:6::1", "Other network");
  });
});
