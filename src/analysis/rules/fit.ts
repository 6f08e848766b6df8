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

/** Ordinary least squares of y on x; null when x does not vary. */
export function leastSquares(points: readonly (readonly [number, number])[]): LineFit | null {
  const xs = Float64Array.from(points, (p) => p[0])
  const ys = Float64Array.from(points, (p) => p[1])
  return leastSquaresOf(xs, ys, 0, points.length)
}

/** Ordinary least squares of ys on xs over [from, to): columns rather than points, as a million cycles need. */
function leastSquaresOf(xs: Float64Array, ys: Float64Array, from: number, to: number): LineFit | null {
  const n = to - from
  if (n < 2) return null
  let sx = 0
  let sy = 0
  for (let i = from; i < to; i++) {
    sx += xs[i] as number
    sy += ys[i] as number
  }
  const mx = sx / n
  const my = sy / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = from; i < to; i++) {
    const dx = (xs[i] as number) - mx
    const dy = (ys[i] as number) - my
    sxx += dx * dx
    sxy += dx * dy
    syy += dy * dy
  }
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
 * it. `value` reads a row of the table, NaN where the cycle printed none.
 */
export function fitGrowth(cycles: CycleTable, value: (row: number) => number, warmupCycles: number): Growth | null {
  const minutes = new Float64Array(Math.max(0, cycles.length - warmupCycles))
  const values = new Float64Array(minutes.length)
  let n = 0
  let seen = 0
  let first = -1
  let last = -1
  for (let i = 0; i < cycles.length; i++) {
    const v = value(i)
    if (Number.isNaN(v) || seen++ < warmupCycles) continue
    const seconds = cycles.seconds(i)
    if (Number.isNaN(seconds)) continue
    minutes[n] = seconds / 60
    values[n++] = v
    if (first < 0) first = i
    last = i
  }
  const fit = leastSquaresOf(minutes, values, 0, n)
  if (fit === null || first < 0) return null
  const timed = (row: number): TimedValue => ({seq: cycles.seq(row), at: cycles.seconds(row), value: value(row)})
  const firstPoint = timed(first)
  const lastPoint = timed(last)
  // The later half by time: points are in time order, so it is a suffix.
  const middle = (firstPoint.at + lastPoint.at) / 2 / 60
  let from = 0
  while (from < n && (minutes[from] as number) < middle) from++
  if (n - from < 2) from = n - 2
  const laterFit = leastSquaresOf(minutes, values, from, n)
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
