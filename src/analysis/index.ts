// The analysis stage's entry point.
//
//   lines ──► src/input ──► src/trace (events, segments) ──► analyzeTrace ──► src/report
//                                                          (summaries per segment)
//
// It does no I/O: it reads the parsed Trace and returns numbers for the renderers.
import type {Trace} from '../trace/parse-trace.js'
import {summarizeSegment, type SegmentSummary} from './summarize-segment.js'

export interface Analysis {
  trace: Trace
  /** One per segment, in the same order. */
  summaries: SegmentSummary[]
}

export function analyzeTrace(trace: Trace): Analysis {
  // 1. Per-run statistics, from the full data (never from a downsampled series).
  const summaries = trace.segments.map((segment) => summarizeSegment(segment))
  return {trace, summaries}
}

/** Whether the input held any runtime output at all (parsed or not). */
export function hasRuntimeOutput(trace: Trace): boolean {
  const {cycles, scavenger, periodicNotices, pacer} = trace.lines
  return cycles + scavenger + periodicNotices + pacer > 0
}
