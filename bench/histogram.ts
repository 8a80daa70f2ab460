/**
 * A latency histogram with logarithmic buckets 1% wide: a few thousand numbers at most however many
 * samples it holds, so workers can send theirs to the parent over IPC and the parent can merge them.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

export interface Histogram {
  /** Bucket index (log base 1.01 of microseconds) -> samples in it. */
  counts: Record<string, number>;
  count: number;
  sumUs: number;
  maxUs: number;
}

export function createHistogram(): Histogram {
  return { counts: {}, count: 0, sumUs: 0, maxUs: 0 };
}

export function recordUs(histogram: Histogram, us: number): void {
  const value = Math.max(0, us);
  const index = value <= 1 ? 0 : Math.floor(Math.log(value) / LOG_GROWTH);
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumUs += value;
  histogram.maxUs = Math.max(histogram.maxUs, value);
}

export function mergeHistograms(parts: readonly Histogram[]): Histogram {
  const merged = createHistogram();
  for (const part of parts) {
    for (const [index, count] of Object.entries(part.counts)) merged.counts[index] = (merged.counts[index] ?? 0) + count;
    merged.count += part.count;
    merged.sumUs += part.sumUs;
    merged.maxUs = Math.max(merged.maxUs, part.maxUs);
  }
  return merged;
}

/** The p-th quantile (0..1) in milliseconds, to within 1%; null when empty. */
export function quantileMs(histogram: Histogram, p: number): number | null {
  if (histogram.count === 0) return null;
  const indexes = Object.keys(histogram.counts)
    .map(Number)
    .sort((a, b) => a - b);
  const rank = Math.ceil(p * histogram.count);
  let seen = 0;
  for (const index of indexes) {
    seen += histogram.counts[index] ?? 0;
    // The bucket's geometric middle, but never above the largest sample seen.
    if (seen >= rank) return Math.min(GROWTH ** (index + 0.5), histogram.maxUs) / 1000;
  }
  return histogram.maxUs / 1000;
}

/** The p-th quantile (0..1) of exact samples, nearest-rank; null when empty. */
export function quantileOf(sortedAscending: readonly number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sortedAscending.length));
  return sortedAscending[rank - 1] ?? null;
}
