// Fewer points for drawing, the peaks kept: a million cycles drawn as a million points make a
// report that is hundreds of MB and never finishes opening, and a chart a few thousand pixels
// wide cannot show more than a few thousand anyway. Numbers in tables never come from here:
// they are computed from the full data (summarize-segment.ts, pause-table in html.ts).
//
// Min/max per bucket: the x range is cut into equal buckets and, in each, the rows holding the
// smallest and the largest value of every series are kept (with the first and last row). Unlike
// averaging or every-n-th sampling, a one-cycle spike or a one-sample dip survives, which is
// what a reader of a memory chart looks for.

/**
 * Points per series a chart draws by default: a minimum and a maximum for each of ~1,000 stretches
 * of time, about one per horizontal pixel of a chart on a wide screen, so what is dropped could not
 * have been seen; more only slows the page (each drawn point costs the browser a little).
 */
export const DEFAULT_MAX_POINTS = 2000

/**
 * Indices (ascending, no repeats) of the rows to draw. `x` must be ascending; each of `series`
 * gives the values of one series per row (null where the row has none). At most `maxPoints`
 * indices are returned, plus the first and last row; all rows when there are no more than that.
 */
export function pickPeakIndices(x: ArrayLike<number>, series: ArrayLike<number | null>[], maxPoints = DEFAULT_MAX_POINTS): number[] {
  const n = x.length
  if (n <= maxPoints + 2 || n === 0) return Array.from({length: n}, (_, i) => i)
  const buckets = Math.max(1, Math.floor(maxPoints / (2 * Math.max(1, series.length))))
  const first = x[0] as number
  const span = (x[n - 1] as number) - first
  // x is ascending, so a bucket's rows are contiguous and its number never goes down.
  const bucketOf = (i: number) => (span > 0 ? Math.min(buckets - 1, Math.floor((((x[i] as number) - first) / span) * buckets)) : Math.floor((i * buckets) / n))
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const minAt = new Int32Array(series.length).fill(-1)
  const maxAt = new Int32Array(series.length).fill(-1)
  const flush = () => {
    for (let s = 0; s < series.length; s++) {
      if ((minAt[s] as number) >= 0) keep[minAt[s] as number] = 1
      if ((maxAt[s] as number) >= 0) keep[maxAt[s] as number] = 1
      minAt[s] = -1
      maxAt[s] = -1
    }
  }
  let bucket = 0
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i)
    if (b !== bucket) {
      flush()
      bucket = b
      if (series.length === 0) keep[i] = 1
    }
    for (let s = 0; s < series.length; s++) {
      const v = (series[s] as ArrayLike<number | null>)[i]
      if (v === null || v === undefined || Number.isNaN(v)) continue
      const lo = minAt[s] as number
      const hi = maxAt[s] as number
      if (lo < 0 || v < ((series[s] as ArrayLike<number>)[lo] as number)) minAt[s] = i
      if (hi < 0 || v > ((series[s] as ArrayLike<number>)[hi] as number)) maxAt[s] = i
    }
  }
  flush()
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
