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
