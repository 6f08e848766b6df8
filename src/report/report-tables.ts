// The numbers the HTML report's tables show beyond the segment summaries, computed from the full
// data in one pass each (never from the downsampled chart series).
import {topIndicesBy} from '../analysis/percentiles.js'
import type {CycleTable} from '../trace/cycle-table.js'
import type {Segment} from '../trace/segments.js'
import type {GcCycle} from '../trace/types.js'

/** How many of the longest pauses the table names. */
export const LONGEST_PAUSES = 10

export interface Pause {
  seq: number
  at: number | null
  /** The wall-clock time of the cycle's line, when the log gave one. */
  wallMs: number | null
  ms: number
  trigger: GcCycle['trigger']
  line: number
}

/** The `count` longest stop-the-world pauses, longest first (ties: the earlier cycle first). */
export function longestPauses(cycles: CycleTable, count = LONGEST_PAUSES): Pause[] {
  return topIndicesBy(cycles.length, count, (i) => cycles.stwMs(i)).map((i) => {
    const c = cycles.at(i) as GcCycle
    return {seq: c.seq, at: c.at, wallMs: c.wallMs, ms: c.stwMs, trigger: c.trigger, line: c.line}
  })
}

export interface PrefixExample {
  prefix: string
  /** Runtime lines that carried this prefix. */
  count: number
  /** The first line it was seen on. */
  line: number
}

/** Distinct prefixes kept at most; further distinct ones are only counted (timestamps differ on every line). */
const MAX_DISTINCT_PREFIXES = 200

export interface PrefixSummary {
  /** Runtime lines with text before the runtime output. */
  lines: number
  examples: PrefixExample[]
}

/**
 * What stood before runtime output on its lines (log timestamps, a collector's tag, the end of
 * app text written without a newline): how many lines, and the most common prefixes.
 */
export function summarizePrefixes(segments: readonly Segment[], shown: number): PrefixSummary {
  const seen = new Map<string, PrefixExample>()
  let lines = 0
  const note = (prefix: string, line: number) => {
    if (prefix === '') return
    lines++
    const example = seen.get(prefix)
    if (example !== undefined) example.count++
    else if (seen.size < MAX_DISTINCT_PREFIXES) seen.set(prefix, {prefix, count: 1, line})
  }
  for (const segment of segments) {
    // Prefixes are kept by row, in input order, only where there was one.
    for (const [row, prefix] of segment.cycles.prefixRows()) note(prefix, segment.cycles.line(row))
    for (const [row, prefix] of segment.scavenger.prefixRows()) note(prefix, segment.scavenger.line(row))
    for (const [row, prefix] of segment.pacer.prefixRows()) note(prefix, segment.pacer.line(row))
  }
  const examples = [...seen.values()].sort((a, b) => b.count - a.count || a.line - b.line).slice(0, shown)
  return {lines, examples}
}
