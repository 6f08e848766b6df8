// The numbers a Go engineer reads first about one run: cadence, GC CPU, STW pauses, heap sizes,
// triggers and what the scavenger returned. Computed once from the full data.
import type {Segment} from '../trace/segments.js'
import type {GcCycle, Trigger} from '../trace/types.js'
import {distributionOf, percentile, type Distribution, topBy} from './percentiles.js'

/** How many of the longest pauses to name by cycle. */
const WORST_PAUSES = 5

export interface SegmentSummary {
  goEra: string
  cycles: number
  /** @Ns of the first and last cycle; null before Go 1.5 (no times printed). */
  firstAt: number | null
  lastAt: number | null
  durationS: number | null
  cyclesPerMinute: number | null
  /** Cumulative GC CPU % as the last cycle printed it. */
  gcCpuPercent: number | null
  stwPauseMs: (Distribution & {worst: {seq: number; at: number | null; ms: number}[]}) | null
  liveHeapMB: {min: number; median: number; max: number} | null
  peakHeapMB: {value: number; seq: number; at: number | null} | null
  goalMB: {min: number; max: number; last: number} | null
  stacksMB: {max: number; last: number} | null
  globalsMB: {max: number; last: number} | null
  triggers: Record<Trigger, number>
  lostCycles: number
  scavenger: {
    reports: number
    /** Sum of the per-report released amounts, KiB. */
    releasedKiB: number
    /** HeapReleased at the last report that printed it, KiB. */
    totalReleasedKiB: number | null
    /** Heap memory kept from the OS (sys − released) at the last report that printed it (Go ≤1.13); KiB. */
    retainedKiB: number | null
    forcedReports: number
  }
}

export function summarizeSegment(segment: Segment): SegmentSummary {
  const {cycles} = segment
  const timed = cycles.filter((c): c is GcCycle & {at: number} => c.at !== null)
  const firstAt = timed[0]?.at ?? null
  const lastAt = timed.at(-1)?.at ?? null
  const durationS = firstAt !== null && lastAt !== null ? lastAt - firstAt : null
  return {
    goEra: segment.goEra.label,
    cycles: cycles.length,
    firstAt,
    lastAt,
    durationS,
    cyclesPerMinute: durationS !== null && durationS > 0 ? ((cycles.length - 1) / durationS) * 60 : null,
    gcCpuPercent: cycles.at(-1)?.gcCpuPercent ?? null,
    stwPauseMs: summarizePauses(cycles),
    liveHeapMB: summarizeLive(cycles),
    peakHeapMB: findPeak(cycles),
    goalMB: summarizeMaybe(cycles.map((c) => c.goalMB), (v) => ({min: minOf(v), max: maxOf(v), last: v.at(-1) as number})),
    stacksMB: summarizeMaybe(cycles.map((c) => c.stacksMB), (v) => ({max: maxOf(v), last: v.at(-1) as number})),
    globalsMB: summarizeMaybe(cycles.map((c) => c.globalsMB), (v) => ({max: maxOf(v), last: v.at(-1) as number})),
    triggers: countTriggers(cycles),
    lostCycles: segment.lostCycles,
    scavenger: summarizeScavenger(segment),
  }
}

function summarizePauses(cycles: GcCycle[]): SegmentSummary['stwPauseMs'] {
  const distribution = distributionOf(cycles.map((c) => c.stwMs))
  if (distribution === null) return null
  const worst = topBy(cycles, WORST_PAUSES, (c) => c.stwMs).map((c) => ({seq: c.seq, at: c.at, ms: c.stwMs}))
  return {...distribution, worst}
}

function summarizeLive(cycles: GcCycle[]): SegmentSummary['liveHeapMB'] {
  const live = new Float64Array(cycles.length)
  let count = 0
  for (const c of cycles) if (c.heapMB.live !== null) live[count++] = c.heapMB.live
  if (count === 0) return null
  const sorted = live.subarray(0, count).sort()
  return {min: sorted[0] as number, median: percentile(sorted, 50), max: sorted[sorted.length - 1] as number}
}

function findPeak(cycles: GcCycle[]): SegmentSummary['peakHeapMB'] {
  let peak: SegmentSummary['peakHeapMB'] = null
  for (const c of cycles) {
    const value = Math.max(c.heapMB.atStart, c.heapMB.atEnd)
    if (peak === null || value > peak.value) peak = {value, seq: c.seq, at: c.at}
  }
  return peak
}

function summarizeMaybe<T>(values: (number | null)[], summarize: (present: number[]) => T): T | null {
  const present = values.filter((v): v is number => v !== null)
  return present.length === 0 ? null : summarize(present)
}

function countTriggers(cycles: GcCycle[]): Record<Trigger, number> {
  const counts: Record<Trigger, number> = {heap: 0, periodic: 0, user: 0}
  for (const c of cycles) counts[c.trigger]++
  return counts
}

function summarizeScavenger(segment: Segment): SegmentSummary['scavenger'] {
  let releasedKiB = 0
  let totalReleasedKiB: number | null = null
  let retainedKiB: number | null = null
  let forcedReports = 0
  for (const report of segment.scavenger) {
    releasedKiB += report.releasedKiB ?? 0
    if (report.totalReleasedKiB !== null) totalReleasedKiB = report.totalReleasedKiB
    if (report.consumedMB !== null) retainedKiB = report.consumedMB * 1024
    if (report.forced) forcedReports++
  }
  return {reports: segment.scavenger.length, releasedKiB, totalReleasedKiB, retainedKiB, forcedReports}
}

// Loops, not Math.max(...values): a million-cycle spread overflows the call stack.
function maxOf(values: number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  return max
}

function minOf(values: number[]): number {
  let min = Number.POSITIVE_INFINITY
  for (const v of values) if (v < min) min = v
  return min
}
