// Straight-line fits of a per-cycle value over time: is it growing, how fast, how steadily.
// Shared by live-heap-growth, stack-growth and memory-limit-pressure.
import type {CycleTable} from '../../trace/cycle-table.js'
import {FLOOR_NOISE_MB} from '../runtime.js'
import type {Thresholds} from '../thresholds.js'

export interface LineFit {
  /** Units of y per unit of x. */
  slope: number
  intercept: number
  /** Coefficient of determination; 0 when y does not vary. */
  r2: number
}

/**
 * Ordinary least squares of the points `each` visits (twice: sums, then centred sums — the
 * centred form keeps precision when x is hours of seconds and the slope is small).
 */
function leastSquaresOf(each: (visit: (x: number, y: number) => void) => void): LineFit | null {
  let n = 0
  let sx = 0
  let sy = 0
  each((x, y) => {
    n++
    sx += x
    sy += y
  })
  if (n < 2) return null
  const mx = sx / n
  const my = sy / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  each((x, y) => {
    const dx = x - mx
    const dy = y - my
    sxx += dx * dx
    sxy += dx * dy
    syy += dy * dy
  })
  if (sxx === 0) return null
  const slope = sxy / sxx
  return {slope, intercept: my - slope * mx, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy)}
}

export interface TimedValue {
  seq: number
  at: number
  value: number
}

export interface Growth {
  first: TimedValue
  last: TimedValue
  /** MiB per minute over the window, and over its later half (by time). */
  slopePerMinute: number
  laterSlopePerMinute: number
  r2: number
  n: number
  windowS: number
}

/**
 * A per-cycle value (MB) fitted against time, after the first `warmupCycles` cycles that printed
 * it. `value` reads a row of the table, NaN where the cycle printed none. The fit reads the table
 * in passes rather than copying the points out: two million-value columns were the largest thing
 * analyze allocated after the parse, and its peak memory.
 */
export function fitGrowth(cycles: CycleTable, value: (row: number) => number, warmupCycles: number): Growth | null {
  // The points, in row order: (minutes, value) of every timed cycle past the warm-up, and the
  // row; `visit` gets the k-th point for k ≥ from.
  const points = (from: number) => (visit: (minutes: number, v: number, row: number) => void) => {
    let seen = 0
    let k = 0
    for (let i = 0; i < cycles.length; i++) {
      const v = value(i)
      if (Number.isNaN(v) || seen++ < warmupCycles) continue
      const seconds = cycles.seconds(i)
      if (Number.isNaN(seconds)) continue
      if (k++ >= from) visit(seconds / 60, v, i)
    }
  }
  let n = 0
  let first = -1
  let last = -1
  points(0)((_minutes, _v, row) => {
    n++
    if (first < 0) first = row
    last = row
  })
  const fit = leastSquaresOf(points(0))
  if (fit === null || first < 0) return null
  const timed = (row: number): TimedValue => ({seq: cycles.seq(row), at: cycles.seconds(row), value: value(row)})
  const firstPoint = timed(first)
  const lastPoint = timed(last)
  // The later half by time: points are in time order, so it is a suffix.
  const middle = (firstPoint.at + lastPoint.at) / 2 / 60
  let from = 0
  let stopped = false
  points(0)((minutes) => {
    if (!stopped && minutes < middle) from++
    else stopped = true
  })
  if (n - from < 2) from = n - 2
  const laterFit = leastSquaresOf(points(from))
  return {first: firstPoint, last: lastPoint, slopePerMinute: fit.slope, laterSlopePerMinute: laterFit?.slope ?? 0, r2: fit.r2, n, windowS: lastPoint.at - firstPoint.at}
}

/** Growth that counts: fast enough, linear enough, still going in the later half, and more than rounding. */
export function isGrowing(growth: Growth, thresholds: Thresholds): boolean {
  return (
    growth.slopePerMinute >= thresholds.leakMiBPerMinute &&
    growth.r2 >= thresholds.leakMinR2 &&
    growth.laterSlopePerMinute >= thresholds.leakMiBPerMinute &&
    growth.last.value - growth.first.value >= FLOOR_NOISE_MB
  )
}
