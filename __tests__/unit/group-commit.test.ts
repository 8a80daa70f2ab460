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

describe("group commit with a writer the test completes by hand", () => {
  /** A writer whose batches the test completes by hand, in order. */
  function manualWriter() {
    const batches: Array<{ items: number[]; finish: () => void }> = [];
    const writeBatch = (items: readonly number[]) =>
      new Promise<number[]>((resolve) => batches.push({ items: [...items], finish: () => resolve(items.map((n) => n * 10)) }));
    return { batches, writeBatch };
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("hands a batch over as soon as it is full, before the turn ends, and holds the rest until it commits", async () => {
    const { batches, writeBatch } = manualWriter();
    const commit = createGroupCommit<number, number>({ maxBatch: 2, writeBatch, writeOne: () => Promise.reject(new Error("not expected")) });
    const answers = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    // Synchronously, with no turn ended yet: the first full batch went; one batch at a time.
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
    batches[0]!.finish();
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4]]);
    batches[1]!.finish();
    await nextTurn();
    batches[2]!.finish();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("sends what waited as the next batch before answering the callers of the one that committed", async () => {
    const { batches, writeBatch } = manualWriter();
    const events: string[] = [];
    const handOver = (items: readonly number[]) => (events.push(`handed over ${items.join(",")}`), writeBatch(items));
    const commit = createGroupCommit<number, number>({ maxBatch: 100, writeBatch: handOver, writeOne: () => Promise.reject(new Error("not expected")) });
    const submit = (n: number) => commit.submit(n).then((value) => events.push(`answered ${value}`));
    const answers = [submit(1)];
    await nextTurn();
    answers.push(submit(2), submit(3));
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([[1]]);

    batches[0]!.finish();
    await nextTurn();
    expect(events).toEqual(["handed over 1", "handed over 2,3", "answered 10"]);
    batches[1]!.finish();
    await Promise.all(answers);
    expect(events.slice(3)).toEqual(["answered 20", "answered 30"]);
  });
});
