// The numbers a Go engineer reads first about one run: cadence, GC CPU, STW pauses, heap sizes,
// triggers and what the scavenger returned. Computed once from the full data.
import {orNull} from '../trace/columns.js'
import type {CycleTable} from '../trace/cycle-table.js'
import type {Segment} from '../trace/segments.js'
import type {Trigger} from '../trace/types.js'
import {distributionOfSorted, percentile, type Distribution, topIndicesBy} from './percentiles.js'

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
  const [first, last] = timedEnds(cycles)
  const firstAt = first === -1 ? null : cycles.seconds(first)
  const lastAt = last === -1 ? null : cycles.seconds(last)
  const durationS = firstAt !== null && lastAt !== null ? lastAt - firstAt : null
  return {
    goEra: segment.goEra.label,
    cycles: cycles.length,
    firstAt,
    lastAt,
    durationS,
    cyclesPerMinute: durationS !== null && durationS > 0 ? ((cycles.length - 1) / durationS) * 60 : null,
    gcCpuPercent: cycles.length === 0 ? null : orNull(cycles.gcCpuPercent(cycles.length - 1)),
    stwPauseMs: summarizePauses(cycles),
    liveHeapMB: summarizeLive(cycles),
    peakHeapMB: findPeak(cycles),
    goalMB: summarizeMaybe(cycles, (i) => cycles.goalMB(i), (v) => ({min: v.min, max: v.max, last: v.last})),
    stacksMB: summarizeMaybe(cycles, (i) => cycles.stacksMB(i), (v) => ({max: v.max, last: v.last})),
    globalsMB: summarizeMaybe(cycles, (i) => cycles.globalsMB(i), (v) => ({max: v.max, last: v.last})),
    triggers: countTriggers(cycles),
    lostCycles: segment.lostCycles,
    scavenger: summarizeScavenger(segment),
  }
}

/** Rows of the first and last cycle with a time, −1 when none has one (before Go 1.5). */
function timedEnds(cycles: CycleTable): [number, number] {
  let first = 0
  while (first < cycles.length && Number.isNaN(cycles.seconds(first))) first++
  if (first === cycles.length) return [-1, -1]
  let last = cycles.length - 1
  while (Number.isNaN(cycles.seconds(last))) last--
  return [first, last]
}

function summarizePauses(cycles: CycleTable): SegmentSummary['stwPauseMs'] {
  // Whole microseconds as the table keeps them, half the memory of a column of ms doubles; ms
  // only when some cycle's figures are not whole microseconds (made by hand).
  const inMicroseconds = cycles.stwInWholeMicroseconds()
  const pauses = inMicroseconds ? new Uint32Array(cycles.length) : new Float64Array(cycles.length)
  for (let i = 0; i < cycles.length; i++) pauses[i] = inMicroseconds ? cycles.stwUs(i) : cycles.stwMs(i)
  // The longest by row first; then the column is sorted in place for the percentiles.
  const worst = topIndicesBy(cycles.length, WORST_PAUSES, (i) => pauses[i] as number).map((i) => ({seq: cycles.seq(i), at: orNull(cycles.seconds(i)), ms: cycles.stwMs(i)}))
  const distribution = distributionOfSorted(pauses.sort(), inMicroseconds ? 1000 : 1)
  if (distribution === null) return null
  return {...distribution, worst}
}

function summarizeLive(cycles: CycleTable): SegmentSummary['liveHeapMB'] {
  // Float32, as the table keeps the live heap (whole MiB).
  const live = new Float32Array(cycles.length)
  let count = 0
  for (let i = 0; i < cycles.length; i++) {
    const value = cycles.liveHeapMB(i)
    if (!Number.isNaN(value)) live[count++] = value
  }
  if (count === 0) return null
  const sorted = live.subarray(0, count).sort()
  return {min: sorted[0] as number, median: percentile(sorted, 50), max: sorted[sorted.length - 1] as number}
}

function findPeak(cycles: CycleTable): SegmentSummary['peakHeapMB'] {
  let peak: SegmentSummary['peakHeapMB'] = null
  for (let i = 0; i < cycles.length; i++) {
    const value = Math.max(cycles.heapAtStartMB(i), cycles.heapAtEndMB(i))
    if (peak === null || value > peak.value) peak = {value, seq: cycles.seq(i), at: orNull(cycles.seconds(i))}
  }
  return peak
}

/** min, max and last of a field over the cycles that printed it; null when none did. */
function summarizeMaybe<T>(cycles: CycleTable, field: (row: number) => number, summarize: (v: {min: number; max: number; last: number}) => T): T | null {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let last = Number.NaN
  for (let i = 0; i < cycles.length; i++) {
    const v = field(i)
    if (Number.isNaN(v)) continue
    if (v < min) min = v
    if (v > max) max = v
    last = v
  }
  return Number.isNaN(last) ? null : summarize({min, max, last})
}

function countTriggers(cycles: CycleTable): Record<Trigger, number> {
  const counts: Record<Trigger, number> = {heap: 0, periodic: 0, user: 0}
  for (let i = 0; i < cycles.length; i++) counts[cycles.trigger(i)]++
  return counts
}

function summarizeScavenger(segment: Segment): SegmentSummary['scavenger'] {
  let releasedKiB = 0
  let totalReleasedKiB: number | null = null
  let retainedKiB: number | null = null
  let forcedReports = 0
  const reports = segment.scavenger
  for (let i = 0; i < reports.length; i++) {
    const released = reports.releasedKiB(i)
    if (!Number.isNaN(released)) releasedKiB += released
    const total = reports.totalReleasedKiB(i)
    if (!Number.isNaN(total)) totalReleasedKiB = total
    const consumed = reports.consumedMB(i)
    if (!Number.isNaN(consumed)) retainedKiB = consumed * 1024
    if (reports.forced(i)) forcedReports++
  }
  return {reports: segment.scavenger.length, releasedKiB, totalReleasedKiB, retainedKiB, forcedReports}
}
