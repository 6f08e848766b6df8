// Wall-clock time of a segment, when the log format gave its lines one (a collector's timestamp):
// when the segment's lines were written, and when the process started. Each cycle with both its
// `@Ns` (seconds since the runtime started) and its line's wall-clock time gives one estimate of
// the start, wallMs − at × 1000; the median of them is the start, and how far the estimates lie
// from it (p95 of the absolute deviations) says how much to trust it. A gc line is written when
// the cycle ends, after `@Ns` (its start), and the collector stamps it when it reads the pipe: so
// the estimates run a little late, by the cycle's length plus the collector's delay — milliseconds.
import type {Segment} from '../trace/segments.js'
import {percentile} from './percentiles.js'

export interface WallClock {
  /** Wall-clock time of the segment's first and last runtime line that has one, epoch ms. */
  firstMs: number
  lastMs: number
  /** The process start, epoch ms (median of wallMs − at·1000); null when no cycle has both times. */
  processStartMs: number | null
  /** p95 of |wallMs − at·1000 − processStartMs| over those cycles, ms: how consistent the start is. */
  spreadMs: number | null
  /** Cycles the start was derived from. */
  cyclesUsed: number
}

/** The segment's wall clock, or null when none of its lines has a wall-clock time. */
export function deriveWallClock(segment: Segment): WallClock | null {
  let firstMs = Number.POSITIVE_INFINITY
  let lastMs = Number.NEGATIVE_INFINITY
  const note = (wallMs: number | null) => {
    if (wallMs === null || !Number.isFinite(wallMs)) return
    if (wallMs < firstMs) firstMs = wallMs
    if (wallMs > lastMs) lastMs = wallMs
  }
  const starts: number[] = []
  const {cycles, scavenger} = segment
  for (let i = 0; i < cycles.length; i++) {
    const wallMs = cycles.wallMs(i)
    note(wallMs)
    // NaN (no time on the line, or before Go 1.5) is not finite.
    const start = wallMs - cycles.seconds(i) * 1000
    if (Number.isFinite(start)) starts.push(start)
  }
  for (let i = 0; i < scavenger.length; i++) note(scavenger.wallMs(i))
  for (let i = 0; i < segment.pacer.length; i++) note(segment.pacer.wallMs(i))
  if (firstMs === Number.POSITIVE_INFINITY) return null
  if (starts.length === 0) return {firstMs, lastMs, processStartMs: null, spreadMs: null, cyclesUsed: 0}
  const sorted = Float64Array.from(starts).sort()
  const processStartMs = Math.round(median(sorted))
  const deviations = Float64Array.from(starts, (s) => Math.abs(s - processStartMs)).sort()
  return {firstMs, lastMs, processStartMs, spreadMs: Math.round(percentile(deviations, 95)), cyclesUsed: starts.length}
}

function median(sorted: Float64Array): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
