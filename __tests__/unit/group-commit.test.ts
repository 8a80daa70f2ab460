import { createGroupCommit } from "@/lib/store/group-commit";

describe("group commit", () => {
  it("writes everything submitted in one turn as one batch, in order, and answers each caller", async () => {
    const batches: number[][] = [];
    const commit = createGroupCommit<number, string>({
      maxBatch: 100,
      writeBatch: async (items) => {
        batches.push([...items]);
        return items.map((n) => `stored ${n}`);
      },
      writeOne: () => Promise.reject(new Error("not expected")),
    });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => commit.submit(n)));
    expect(answers).toEqual(["stored 1", "stored 2", "stored 3", "stored 4"]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it("caps the batch size and queues what arrives while a batch is being written", async () => {
    const batches: number[][] = [];
    const commit = createGroupCommit<number, number>({
      maxBatch: 3,
      writeBatch: async (items) => {
        batches.push([...items]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return [...items];
      },
      writeOne: async (n) => n,
    });
    const first = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    const late = commit.submit(6);
    expect(await Promise.all([...first, late])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("retries a failed batch one by one so that only the bad item fails", async () => {
    const commit = createGroupCommit<number, number>({
      maxBatch: 10,
      writeBatch: () => Promise.reject(new Error("constraint")),
      writeOne: async (n) => {
        if (n === 2) throw new Error("bad item");
        return n * 10;
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(results).toEqual([
      { status: "fulfilled", value: 10 },
      { status: "rejected", reason: new Error("bad item") },
      { status: "fulfilled", value: 30 },
    ]);
  });
});

describe("group commit with a pipelined writer", () => {
  /** A writer whose batches the test completes by hand, in order. */
  function manualWriter() {
    const batches: Array<{ items: number[]; finish: () => void }> = [];
    const writeBatch = (items: readonly number[]) =>
      new Promise<number[]>((resolve) => batches.push({ items: [...items], finish: () => resolve(items.map((n) => n * 10)) }));
    return { batches, writeBatch };
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("hands a batch over as soon as it is full, before the turn ends", () => {
    const { batches, writeBatch } = manualWriter();
    const commit = createGroupCommit<number, number>({ maxBatch: 2, maxInFlight: 4, writeBatch, writeOne: () => Promise.reject(new Error("not expected")) });
    [1, 2, 3, 4, 5].forEach((n) => void commit.submit(n));
    // Synchronously, with no turn ended yet: two full batches went, the fifth item waits for the turn's end.
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("keeps at most maxInFlight batches with the writer and sends the next one before answering the previous", async () => {
    const { batches, writeBatch } = manualWriter();
    const events: string[] = [];
    const handOver = (items: readonly number[]) => (events.push(`handed over ${items.join(",")}`), writeBatch(items));
    const commit = createGroupCommit<number, number>({ maxBatch: 100, maxInFlight: 2, writeBatch: handOver, writeOne: () => Promise.reject(new Error("not expected")) });
    const submit = (n: number) => commit.submit(n).then((value) => events.push(`answered ${value}`));
    // One item in each of two turns, then two in a third: the third turn's batch has to wait.
    const answers = [submit(1)];
    await nextTurn();
    answers.push(submit(2));
    await nextTurn();
    answers.push(submit(3), submit(4));
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);

    batches[0]!.finish();
    await nextTurn();
    // Items 3 and 4 waited together and went as one batch when the first batch committed, before item 1 was answered.
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [3, 4]]);
    expect(events).toEqual(["handed over 1", "handed over 2", "handed over 3,4", "answered 10"]);

    batches[1]!.finish();
    batches[2]!.finish();
    await Promise.all(answers);
    expect(events.slice(3)).toEqual(["answered 10", "answered 20", "answered 30", "answered 40"]);
  });
});
