import { createDrain } from "@/lib/realtime/drain";

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("drain", () => {
  it("waits for every tracked write, including one that fails, before it resolves", async () => {
    const drain = createDrain();
    const first = deferred();
    const second = deferred();
    void drain.track(first.promise);
    drain.track(second.promise).catch(() => undefined);
    let drained = false;
    const done = drain.drain(10_000).then(() => (drained = true));
    expect(drain.draining).toBe(true);

    first.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);

    second.reject(new Error("write failed"));
    await done;
    expect(drained).toBe(true);
  });

  it("gives up after the timeout when a write never settles", async () => {
    const drain = createDrain();
    void drain.track(new Promise(() => undefined));
    const started = Date.now();
    await drain.drain(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("resolves at once when nothing is in flight", async () => {
    const drain = createDrain();
    await drain.track(Promise.resolve("stored"));
    const started = Date.now();
    await drain.drain(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
