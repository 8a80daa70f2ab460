/**
 * Group commit: appends that arrive in the same event-loop turn are written in one transaction, so one
 * fsync covers many messages instead of one each. Durability is unchanged: every caller is answered
 * only after the transaction holding its write has committed. If a batch fails (say a constraint that
 * one item violates), its items are retried one by one so that one bad item fails alone.
 */
export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<I, O>(options: {
  writeBatch: (items: readonly I[]) => Promise<O[]>;
  writeOne: (item: I) => Promise<O>;
  maxBatch: number;
}): GroupCommit<I, O> {
  let queue: Waiting<I, O>[] = [];
  let writing = false;

  async function writeAlone(entry: Waiting<I, O>): Promise<void> {
    try {
      entry.resolve(await options.writeOne(entry.item));
    } catch (error) {
      entry.reject(error);
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await options.writeBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i] as O));
      } catch {
        for (const entry of batch) await writeAlone(entry);
      }
    }
    writing = false;
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Let the rest of this turn's sends join the batch; while a batch is being written, newcomers
        // queue up for the next one.
        if (!writing && queue.length === 1) setImmediate(() => void drain());
      });
    },
  };
}
