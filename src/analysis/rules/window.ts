// Views of the timeline that several rules need, computed the same way for all of them.
import {partMiB, type AttributionPartId} from '../attribution.js'
import type {Timeline, TimelineRow} from '../timeline.js'

/** Samples taken this close to a cycle see the runtime's numbers fresh, not estimated. */
export const FRESH_SAMPLE_SECONDS = 1

/** The last sample, whose attribution is "now" for the findings. */
export function lastRow(timeline: Timeline): TimelineRow {
  return timeline.rows.row(timeline.rows.length - 1)
}

/** The sample with the highest RSS (the first of equals). */
export function peakRow(timeline: Timeline): TimelineRow {
  const {rows} = timeline
  return rows.row(argMax(rows.length, (i) => rows.samples.rssKiB(i)))
}

/** The index below `length` with the largest `value`: of equals, `start` when it is one, else the first. */
export function argMax(length: number, value: (i: number) => number, start = 0): number {
  let best = start
  let most = length === 0 ? Number.NaN : value(start)
  for (let i = 0; i < length; i++) {
    const v = value(i)
    if (v > most) {
      best = i
      most = v
    }
  }
  return best
}

/** The samples taken within FRESH_SAMPLE_SECONDS of a cycle, at most `count` of the latest. */
export function freshRows(timeline: Timeline, count: number): TimelineRow[] {
  const {cycleSamples} = timeline
  // Read from the last cycle back: the nearest samples never go back in time from one cycle to
  // the next, so a sample near several cycles comes in one run (a set of all of them was ~20 MB a million).
  const rows: number[] = []
  for (let i = cycleSamples.length - 1; i >= 0 && rows.length < count; i--) {
    const row = cycleSamples.row(i)
    if (cycleSamples.distanceS(i) <= FRESH_SAMPLE_SECONDS && row !== rows.at(-1)) rows.push(row)
  }
  return rows.reverse().map((i) => timeline.rows.row(i))
}

export function median(values: ArrayLike<number>): number {
  // A typed array sorts numbers natively: a million of them in milliseconds, not seconds.
  return medianOfSorted(Float64Array.from(values).sort())
}

/** median() of values already in ascending order. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) return 0
  return sorted[Math.floor(sorted.length / 2)] as number
}

export const part = (row: TimelineRow, id: AttributionPartId) => partMiB(row.attribution, id)
export const rssMiB = (row: TimelineRow) => row.sample.rssKiB / 1024

/** Rounds for evidence values: one decimal unless told. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** A column value where "not printed" (NaN) counts as nothing, as `?? 0` does for a cycle's nullable field. */
export const zeroIfNaN = (value: number) => (Number.isNaN(value) ? 0 : value)
