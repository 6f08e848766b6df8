// Order statistics over plain number arrays, shared by every summary.

export interface Distribution {
  p50: number
  p90: number
  p99: number
  max: number
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}

/**
 * p50/p90/p99/max of values in ascending order (a column sorted in place: no copy of a million
 * values), divided by `unit` (1000 for a column of microseconds read as ms), or null when there
 * are none.
 */
export function distributionOfSorted(sorted: ArrayLike<number>, unit = 1): Distribution | null {
  if (sorted.length === 0) return null
  return {p50: percentile(sorted, 50) / unit, p90: percentile(sorted, 90) / unit, p99: percentile(sorted, 99) / unit, max: (sorted[sorted.length - 1] as number) / unit}
}

/**
 * The `count` rows (0…length−1 of a table) with the largest `key`, largest first; ties keep the
 * earlier row first, as a stable sort would. A running top-k: sorting a million cycles to read
 * ten would cost seconds.
 */
export function topIndicesBy(length: number, count: number, key: (row: number) => number): number[] {
  const top: number[] = []
  const keys: number[] = []
  for (let row = 0; row < length; row++) {
    const k = key(row)
    if (top.length === count && k <= (keys[keys.length - 1] as number)) continue
    let i = top.length
    while (i > 0 && (keys[i - 1] as number) < k) i--
    top.splice(i, 0, row)
    keys.splice(i, 0, k)
    if (top.length > count) {
      top.pop()
      keys.pop()
    }
  }
  return top
}
