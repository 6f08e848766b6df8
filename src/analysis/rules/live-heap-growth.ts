// The live heap — what each cycle marked reachable — keeps rising after warm-up. The collector
// cannot free what the program still references, so this is the program holding memory (a leak,
// or a cache without a bound), not the GC.
//
// Also home of the few helpers the rules of this family share (line fit, recorded GOGC and
// GOMEMLIMIT, the runtime's 4 MB minimum goal): see docs/rules/live-heap-growth.md.
import type {GcCycle} from '../../trace/types.js'
import {describeReleases, type GoVersions} from '../runtime.js'
import type {Thresholds} from '../thresholds.js'
import {at, duration, mib} from './format.js'
import type {Rule, RunEnvironment} from './types.js'

/** The runtime's minimum heap goal, MiB (defaultHeapMinimum = 4 << 20, scaled by GOGC/100): goals at or below it say nothing about pacing. */
export const HEAP_MINIMUM_MIB = 4

/** Sizes in gc lines are floor(MiB): a change must be at least this many MB to be more than rounding. */
export const FLOOR_NOISE_MB = 2

/** How far ahead a growth is projected when asking whether it reaches a known memory limit. */
const HORIZON_MINUTES = 60

export const liveHeapGrowth: Rule = {
  id: 'live-heap-growth',
  detect(context) {
    const {segment, thresholds, environment, goVersions} = context
    if (segment.cycles.every((c) => c.heapMB.live === null)) return {insufficientData: 'gc lines of Go 1.3/1.4 do not print the live heap'}
    const growth = fitGrowth(segment.cycles, (c) => c.heapMB.live, thresholds.warmupCycles)
    if (growth === null || growth.n < thresholds.minCycles) {
      return {insufficientData: `${growth?.n ?? 0} timed cycles after the first ${thresholds.warmupCycles} (warm-up); the live-heap fit needs ${thresholds.minCycles}`}
    }
    if (!isGrowing(growth, thresholds)) return undefined

    const {first, last} = growth
    const grew = last.value - first.value
    const limit = recordedMemoryLimitMiB(environment)
    const minutesToLimit = typeof limit === 'number' && limit > last.value ? (limit - last.value) / growth.slopePerMinute : null
    const shortWindow = growth.windowS < thresholds.minSeconds
    const severity = shortWindow ? 'info' : minutesToLimit !== null && minutesToLimit <= HORIZON_MINUTES ? 'critical' : 'warn'
    const lastCycle = segment.cycles.findLast((c) => c.seq === last.seq)
    const goal = lastCycle?.goalMB ?? null
    const gogc = recordedGogc(environment)

    const goalSentence =
      goal !== null && last.value > 0 && goal > HEAP_MINIMUM_MIB && (lastCycle?.stacksMB ?? 0) + (lastCycle?.globalsMB ?? 0) < last.value
        ? ` The heap goal follows it (${goal} MB at gc ${last.seq}, ${(goal / last.value).toFixed(1)}× the live heap${gogc === undefined ? ', GOGC=100 unless set' : `, GOGC=${gogc}`}), so the heap the runtime grows into — and RSS with it — rises about that much faster than the live heap.`
        : ''
    const limitSentence =
      minutesToLimit !== null
        ? ` At this rate the live heap reaches GOMEMLIMIT=${environment?.GOMEMLIMIT ?? ''} (${mib(limit as number)}) in ${duration(minutesToLimit * 60)}; the GC then runs almost back to back, and past the limit the process risks being killed.`
        : ''
    const shortSentence = shortWindow
      ? ` The window is only ${duration(growth.windowS)} (under ${duration(thresholds.minSeconds)}): a program filling a cache at start-up looks the same, so confirm over a longer run.`
      : ''

    return {
      id: 'live-heap-growth',
      severity,
      title: 'The live heap keeps growing: memory the program still references',
      because:
        `After warm-up (the first ${thresholds.warmupCycles} cycles) the live heap — what the GC marked reachable — rose from ${first.value} MB at gc ${first.seq} (${at(first.at)}) to ${last.value} MB at gc ${last.seq} (${at(last.at)}), ` +
        `${round(growth.slopePerMinute)} MiB/min by a least-squares fit over ${growth.n} cycles (R² ${growth.r2.toFixed(2)}), and still ${round(growth.laterSlopePerMinute)} MiB/min over the later half of the window. ` +
        `The collector cannot free memory the program still references: this is the program holding on to it, not the GC.${goalSentence}${limitSentence}${shortSentence}`,
      evidence: [
        {label: 'live heap growth rate', value: round(growth.slopePerMinute), unit: 'MiB/min'},
        {label: 'fit quality (R²)', value: round(growth.r2, 3), unit: 'R²'},
        {label: 'growth rate over the later half', value: round(growth.laterSlopePerMinute), unit: 'MiB/min'},
        {label: 'live heap after warm-up', value: first.value, unit: 'MB', at: first.at},
        {label: 'live heap at the last cycle', value: last.value, unit: 'MB', at: last.at},
        {label: 'live heap growth', value: grew, unit: 'MB'},
        {label: 'cycles fitted', value: growth.n, unit: 'cycles'},
        {label: 'window', value: round(growth.windowS), unit: 's'},
        ...(minutesToLimit === null ? [] : [{label: 'time until the live heap reaches GOMEMLIMIT', value: round(minutesToLimit), unit: 'min'}]),
      ],
      advice: [
        'Compare two heap profiles taken minutes apart: curl -o heap1.pb.gz http://HOST:PORT/debug/pprof/heap, wait, curl -o heap2.pb.gz …, then go tool pprof -sample_index=inuse_space -base heap1.pb.gz heap2.pb.gz — the top entries are what grew (the program must import _ "net/http/pprof", or write profiles with runtime/pprof.WriteHeapProfile).',
        'One profile on its own: go tool pprof -sample_index=inuse_space http://HOST:PORT/debug/pprof/heap, then top and list FUNCTION.',
        'Usual causes: maps and slices that are only ever added to (caches without eviction, state keyed by request or connection ID), goroutines that never exit and keep their data (see /debug/pprof/goroutine?debug=1), small sub-slices keeping a large backing array alive, time.Ticker values never stopped (collected unstopped only from Go 1.23).',
        `If the growth is intended (a cache warming up), bound it; GOMEMLIMIT (${describeReleases(19, null)}) makes the GC work harder near a budget but does not fix a leak.`,
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://go.dev/doc/diagnostics', 'https://pkg.go.dev/net/http/pprof', 'https://pkg.go.dev/runtime/pprof'],
      explainsMiB: Math.max(0, grew),
    }
  },
}

// ---- Helpers shared by this family of rules --------------------------------------------------

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

/** GOGC as recorded: a percentage, 'off', or undefined when the settings are not known. Unset in a known environment is the default, 100. */
export function recordedGogc(environment: RunEnvironment | null): number | 'off' | undefined {
  if (environment === null || environment.GOGC === undefined) return undefined
  const text = environment.GOGC?.trim() ?? ''
  if (text === '') return 100
  if (text === 'off') return 'off'
  const value = Number(text)
  if (!Number.isInteger(value)) return undefined
  return value < 0 ? 'off' : value
}

/**
 * GOMEMLIMIT as recorded, MiB: null when the environment says none is set (or "off"), undefined
 * when the settings are not known or the value does not parse. Units as the runtime reads them:
 * B, KiB, MiB, GiB, TiB, or bare bytes. (debug.SetMemoryLimit in the program is not visible here.)
 */
export function recordedMemoryLimitMiB(environment: RunEnvironment | null): number | null | undefined {
  if (environment === null || environment.GOMEMLIMIT === undefined) return undefined
  const text = environment.GOMEMLIMIT?.trim() ?? ''
  if (text === '' || text === 'off') return null
  const match = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB|TiB)?$/.exec(text)
  if (match === null) return undefined
  const shift = {B: -20, KiB: -10, MiB: 0, GiB: 10, TiB: 20}[(match[2] ?? 'B') as 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB']
  return Number(match[1]) * 2 ** shift
}

/** "" when the Go version is known to be within `from`–`to`; otherwise " (Go 1.18 and later)", so a statement says which releases it holds for. */
export function releasesNote(versions: GoVersions, from: number, to: number | null): string {
  const lo = versions.minMinor ?? 0
  const hi = versions.maxMinor ?? Number.POSITIVE_INFINITY
  const inside = lo >= from && hi <= (to ?? Number.POSITIVE_INFINITY)
  return versions.exact && inside ? '' : ` (${describeReleases(from, to)})`
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
