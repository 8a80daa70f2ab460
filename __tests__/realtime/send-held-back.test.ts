/**
 * A send refused rate_limited waits in the outbox for the time the server gave, and says so (the
 * bubble reads `retryAt` and `error`: components/outbox-item.tsx), then goes by itself.
 */
import { roomSessions, until } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

describe("a rate-limited send (in-process server, real sockets)", () => {
  let server: InProcessServer;
  const sessions = roomSessions(() => server.url);

  beforeAll(async () => {
    // One message per 10 s and a burst of one: the third send in a row is refused.
    server = await startInProcess({ RATE_MESSAGES_PER_10S: "1", RATE_MESSAGES_BURST: "1", FLOOD_DISCONNECT_AFTER: "100" });
  });
  afterEach(() => sessions.closeAll());
  afterAll(async () => {
    await server.stop();
  });

  it("is held back until the server's retry-after, shown as such, then sent", async () => {
    const code = await server.createRoom();
    const ana = sessions.session(code, "Ana");
    await ana.open();
    for (const text of ["one", "two", "three"]) await ana.send(text);

    await until(() => ana.getSnapshot().outbox.some((entry) => entry.retryAt !== undefined), "the third message to be held back");
    const [held] = ana.getSnapshot().outbox;
    expect(held).toMatchObject({ text: "three", status: "pending", error: { code: "rate_limited" } });
    const waitMs = held!.retryAt! - Date.now();
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(10_000);

    await until(() => ana.getSnapshot().outbox.length === 0, "the held message to be sent", 15_000);
    expect(ana.getSnapshot().messages.map((message) => message.text)).toEqual(["one", "two", "three"]);
    expect(Date.now()).toBeGreaterThanOrEqual(held!.retryAt!);
  }, 20_000);
});
