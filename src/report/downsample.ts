// Fewer points for drawing, the peaks kept: a million cycles drawn as a million points make a
// report that is hundreds of MB and never finishes opening, and a chart a few thousand pixels
// wide cannot show more than a few thousand anyway. Numbers in tables never come from here:
// they are computed from the full data (summarize-segment.ts, pause-table in html.ts).
//
// Min/max per bucket: the x range is cut into equal buckets and, in each, the rows holding the
// smallest and the largest value of every series are kept (with the first and last row). Unlike
// averaging or every-n-th sampling, a one-cycle spike or a one-sample dip survives, which is
// what a reader of a memory chart looks for.

/** Points per series a chart draws by default: ~2 per horizontal pixel of a wide screen. */
export const DEFAULT_MAX_POINTS = 4000

/**
 * Indices (ascending, no repeats) of the rows to draw. `x` must be ascending; each of `series`
 * gives the values of one series per row (null where the row has none). At most `maxPoints`
 * indices are returned, plus the first and last row; all rows when there are no more than that.
 */
export function pickPeakIndices(x: ArrayLike<number>, series: ArrayLike<number | null>[], maxPoints = DEFAULT_MAX_POINTS): number[] {
  const n = x.length
  if (n <= maxPoints + 2 || n === 0) return Array.from({length: n}, (_, i) => i)
  const perBucket = 2 * Math.max(1, series.length)
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket))
  const first = x[0] as number
  const span = (x[n - 1] as number) - first
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  // Rows of each bucket are contiguous because x is ascending: one pass, bucket by bucket.
  let start = 0
  for (let b = 0; b < buckets && start < n; b++) {
    let end = start
    if (b === buckets - 1 || span <= 0) end = b === buckets - 1 ? n : Math.min(n, start + Math.ceil(n / buckets))
    else {
      const limit = first + (span * (b + 1)) / buckets
      while (end < n && (x[end] as number) < limit) end++
    }
    if (end === start) continue
    for (const values of series) {
      let minAt = -1
      let maxAt = -1
      for (let i = start; i < end; i++) {
        const v = values[i]
        if (v === null || v === undefined || Number.isNaN(v)) continue
        if (minAt < 0 || v < (values[minAt] as number)) minAt = i
        if (maxAt < 0 || v > (values[maxAt] as number)) maxAt = i
      }
      if (minAt >= 0) keep[minAt] = 1
      if (maxAt >= 0) keep[maxAt] = 1
    }
    if (series.length === 0) keep[start] = 1
    start = end
  }
  const out: number[] = []
  for (let i = 0; i < n; i++) if (keep[i] === 1) out.push(i)
  return out
}

/** The rows of `rows` at `indices`. */
export function pickRows<T>(rows: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => rows[i] as T)
}

/**
 * Events (markers) thinned to at most one per bucket of the x range, each kept one counting the
 * events its bucket held: a marker per forced cycle is readable for dozens, not for thousands.
 */
export function thinEvents<T extends {t: number}>(events: readonly T[], maxEvents: number): (T & {count: number})[] {
  if (events.length <= maxEvents) return events.map((e) => ({...e, count: 1}))
  const first = (events[0] as T).t
  const span = (events.at(-1) as T).t - first
  const out: (T & {count: number})[] = []
  let bucket = -1
  for (const event of events) {
    const b = span > 0 ? Math.min(maxEvents - 1, Math.floor(((event.t - first) / span) * maxEvents)) : 0
    if (b !== bucket) {
      out.push({...event, count: 1})
      bucket = b
    } else (out.at(-1) as T & {count: number}).count++
  }
  return out
}
