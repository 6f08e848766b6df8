// Straight-line fits of a per-cycle value over time: is it growing, how fast, how steadily.
// Shared by live-heap-growth, stack-growth and memory-limit-pressure.
import type {GcCycle} from '../../trace/types.js'
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
  const n = points.length
  if (n < 2) return null
  let sx = 0
  let sy = 0
  for (const [x, y] of points) {
    sx += x
    sy += y
  }
  const mx = sx / n
  const my = sy / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2
    sxy += (x - mx) * (y - my)
    syy += (y - my) ** 2
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

/** A per-cycle value (MB) fitted against time, after the first `warmupCycles` cycles. */
export function fitGrowth(cycles: readonly GcCycle[], value: (c: GcCycle) => number | null, warmupCycles: number): Growth | null {
  const points: TimedValue[] = []
  for (const c of cycles.slice(warmupCycles)) {
    const v = value(c)
    if (c.at !== null && v !== null) points.push({seq: c.seq, at: c.at, value: v})
  }
  const fit = leastSquares(points.map((p) => [p.at / 60, p.value]))
  if (fit === null) return null
  const first = points[0] as TimedValue
  const last = points.at(-1) as TimedValue
  const middle = (first.at + last.at) / 2
  let later = points.filter((p) => p.at >= middle)
  if (later.length < 2) later = points.slice(-2)
  const laterFit = leastSquares(later.map((p) => [p.at / 60, p.value]))
  return {first, last, slopePerMinute: fit.slope, laterSlopePerMinute: laterFit?.slope ?? 0, r2: fit.r2, n: points.length, windowS: last.at - first.at}
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
