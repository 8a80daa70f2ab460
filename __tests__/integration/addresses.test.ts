/**
 * Per-address limits key on the client's address, not on how a proxy happened to spell it: behind a
 * trusted proxy, every spelling of one client shares one budget, and an IPv6 client shares its /64's.
 * Here over HTTP (room creation); the handshake's connection cap: __tests__/realtime/addresses.test.ts.
 */
import path from "node:path";
import { startServer, tempDir, type RunningServer } from "./harness";

const ROOMS_PER_HOUR = 3;

describe("addresses behind a trusted proxy (real server)", () => {
  const tmp = tempDir("addresses");
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"), {
      TRUST_PROXY: "1",
      RATE_ROOMS_PER_HOUR: String(ROOMS_PER_HOUR),
    });
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  /** POST /api/rooms as the client the proxy names in X-Forwarded-For; the status it answers. */
  const createRoomAs = async (forwardedFor: string) =>
    (await fetch(`${server.url}/api/rooms`, { method: "POST", headers: { "x-forwarded-for": forwardedFor } })).status;
  const createRoomsAs = async (spellings: string[]) => {
    const statuses = [];
    for (const spelling of spellings) statuses.push(await createRoomAs(spelling));
    return statuses;
  };

  it("counts every spelling of one IPv4 client against one budget", async () => {
    expect(await createRoomsAs(["1.2.3.4", "::ffff:1.2.3.4", "1.2.3.4:999", "::ffff:102:304"])).toEqual([201, 201, 201, 429]);
    // A neighbour is a different client.
    expect(await createRoomAs("1.2.3.5")).toBe(201);
  });

  it("counts the addresses of one IPv6 /64 against one budget, and another /64 against its own", async () => {
    const oneNetwork = ["2001:db8:1:2::1", "2001:DB8:1:2:ffff::3", "[2001:0db8:0001:0002::4]:443", "2001:db8:1:2::5"];
    expect(await createRoomsAs(oneNetwork)).toEqual([201, 201, 201, 429]);
    expect(await createRoomAs("2001:db8:1:3::1")).toBe(201);
  });

  it("charges an entry that is no address to the proxy that sent it, not to a budget of its own", async () => {
    // Each garbage string would otherwise be a fresh budget; the peer here is the test itself (127.0.0.1).
    expect(await createRoomsAs(["garbage-1", "unknown", "", "1.2.3"])).toEqual([201, 201, 201, 429]);
  });
});
