/**
 * Group commit: appends that arrive close together are written in one transaction, so one fsync
 * covers many messages instead of one each. Durability is unchanged: every caller is answered only
 * after the transaction holding its write has committed. If a batch fails (say a constraint that one
 * item violates), its items are retried one by one so that one bad item fails alone.
 *
 * A batch goes to the writer at the end of the event-loop turn in which its first item arrived, or as
 * soon as `maxBatch` items wait, whichever comes first. One batch is with the writer at a time, so a
 * sender's messages are stored in the order sent; what arrives meanwhile waits, and goes as the next
 * batch.
 */
export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
}

export interface GroupCommitOptions<I, O> {
  writeBatch: (items: readonly I[]) => Promise<O[]>;
  writeOne: (item: I) => Promise<O>;
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const { maxBatch } = options;
  let queue: Waiting<I, O>[] = [];
  let writing = false;
  let scheduled = false;

  async function writeAlone(entry: Waiting<I, O>): Promise<void> {
    try {
      entry.resolve(await options.writeOne(entry.item));
    } catch (error) {
      entry.reject(error);
    }
  }

  async function write(batch: Waiting<I, O>[]): Promise<void> {
    let results: O[] | undefined;
    try {
      results = await options.writeBatch(batch.map((entry) => entry.item));
    } catch {
      for (const entry of batch) await writeAlone(entry);
    }
    // The next batch goes to the writer before this one's callers run (their acks and broadcasts).
    writing = false;
    dispatch();
    if (results !== undefined) batch.forEach((entry, i) => entry.resolve(results[i] as O));
  }

  function dispatch(): void {
    if (queue.length === 0 || writing) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = batch === queue ? [] : queue.slice(batch.length);
    writing = true;
    void write(batch);
  }

  function endOfTurn(): void {
    scheduled = false;
    dispatch();
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= maxBatch) dispatch();
        else if (!scheduled) {
          // Let the rest of this turn's sends join the batch.
          scheduled = true;
          setImmediate(endOfTurn);
        }
      });
    },
  };
}
