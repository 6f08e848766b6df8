// The analysis stage's entry point.
//
//   lines ─► src/input ─► src/trace ─► analyzeTrace ──────────────────────────► src/report
//                          (segments)   1. summaries per segment
//   samples ─► src/memory ────────────► 2. timeline: samples joined with cycles
//                                       3. attribution of RSS at its peak and at the end
//                                       4. findings, ranked by the MiB they explain
//
// It does no I/O: it reads the parsed Trace (and samples) and returns numbers for the renderers.
import type {LogReading} from '../input/log-format.js'
import type {SampleColumns} from '../memory/sample-columns.js'
import type {Trace} from '../trace/parse-trace.js'
import type {Segment} from '../trace/segments.js'
import {type Attribution} from './attribution.js'
import {detectFindings} from './rules/index.js'
import type {Finding, FindingId, RunEnvironment} from './rules/types.js'
import type {GoVersions} from './runtime.js'
import {summarizeSegment, type SegmentSummary} from './summarize-segment.js'
import {DEFAULT_THRESHOLDS, type Thresholds} from './thresholds.js'
import {argMax} from './rules/window.js'
import {buildTimeline, type Timeline, type TimelineRows} from './timeline.js'
import {deriveWallClock, type WallClock} from './wall-clock.js'

export interface AnalyzeOptions {
  /** Memory samples of the process, on the trace's clock. */
  samples?: SampleColumns | null
  /** The Go version, when known (--go-version, or read from the binary); otherwise the era guess. */
  goVersion?: GoVersions
  thresholds?: Thresholds
  environment?: RunEnvironment | null
  /** How each input file was read (its log collector's format), to show with the analysis. */
  logReadings?: NamedLogReading[]
  /** Each segment's wall clock when the caller already worked it out (deriveWallClock), to use rather than derive again. */
  wallClocks?: (WallClock | null)[]
}

/** A file's log format and what unwrapping it did (src/input/log-format.ts). */
export type NamedLogReading = LogReading & {name: string}

/** Why the process holds its memory: for one segment, the run the samples belong to. */
export interface Diagnosis {
  segmentIndex: number
  goVersions: GoVersions
  timeline: Timeline | null
  attribution: {atPeak: Attribution; atEnd: Attribution} | null
  findings: Finding[]
  notJudged: {id: FindingId; reason: string}[]
}

export interface Analysis {
  trace: Trace
  /** One per segment, in the same order. */
  summaries: SegmentSummary[]
  /** Null when the input has no cycles to judge. */
  diagnosis: Diagnosis | null
  /** One per segment: its wall-clock times and the process start, when the log format gave lines a time. */
  wallClocks?: (WallClock | null)[]
  /** How each input file was read, when the caller said (loadAnalysis does). */
  logReadings?: NamedLogReading[]
}

export function analyzeTrace(trace: Trace, options: AnalyzeOptions = {}): Analysis {
  // 1. Per-run statistics, from the full data (never from a downsampled series).
  const summaries = trace.segments.map((segment) => summarizeSegment(segment))
  const wallClocks = options.wallClocks ?? trace.segments.map((segment) => deriveWallClock(segment))
  const extra = {wallClocks, ...(options.logReadings === undefined ? {} : {logReadings: options.logReadings})}
  // The diagnosis is for the last run that has cycles: a log that restarts ends with the
  // process that is running now, and `go run` traces the go tool before the program.
  const segmentIndex = diagnosedSegmentIndex(trace)
  if (segmentIndex < 0) return {trace, summaries, diagnosis: null, ...extra}
  const segment = trace.segments[segmentIndex] as Segment
  const goVersions = options.goVersion ?? {...segment.goEra, exact: false}

  // 2. The timeline, when there are samples to join.
  const samples = options.samples ?? null
  const timeline = samples === null || samples.length === 0 ? null : buildTimeline(segment, samples)

  // 3. Attribution at the peak and at the end.
  const attribution = timeline === null ? null : attributionAtPeakAndEnd(timeline.rows)

  // 4. Findings.
  const {findings, notJudged} = detectFindings({
    segment,
    summary: summaries[segmentIndex] as SegmentSummary,
    timeline,
    goVersions,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    environment: options.environment ?? null,
  })
  return {trace, summaries, diagnosis: {segmentIndex, goVersions, timeline, attribution, findings, notJudged}, ...extra}
}

/** Whether the input held any runtime output at all (parsed or not). */
export function hasRuntimeOutput(trace: Trace): boolean {
  const {cycles, scavenger, periodicNotices, pacer} = trace.lines
  return cycles + scavenger + periodicNotices + pacer > 0
}

function attributionAtPeakAndEnd(rows: TimelineRows): Diagnosis['attribution'] {
  if (rows.length === 0) return null
  const last = rows.length - 1
  // Of equal peaks the last sample, when it is one; else the first.
  const peak = argMax(rows.length, (i) => rows.samples.rssKiB(i), last)
  return {atPeak: rows.row(peak).attribution, atEnd: rows.row(last).attribution}
}

/** The segment the diagnosis is about: the last one with cycles; -1 when none has any. */
export function diagnosedSegmentIndex(trace: Trace): number {
  return findLastIndex(trace.segments, (s) => s.cycles.length > 0)
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i
  return -1
}
