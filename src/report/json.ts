// The JSON document (`--json`). Its shape is a contract — docs/json.md — that later versions
// extend but never rename: bump schemaVersion only for a breaking change.
import type {Attribution} from '../analysis/attribution.js'
import type {Analysis} from '../analysis/index.js'
import type {Finding, FindingId} from '../analysis/rules/types.js'
import type {GoVersions} from '../analysis/runtime.js'
import type {SampleSeries} from '../memory/types.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {WallClock} from '../analysis/wall-clock.js'
import type {LogFormat} from '../input/log-format.js'
import type {LineCounts, SpliceStats} from '../trace/read-events.js'
import type {CycleGap, SegmentStart} from '../trace/segments.js'
import type {GcCycle, PacerLine, ScavengerReport, UnrecognizedLine} from '../trace/types.js'
import {LazyList} from './json-stream.js'

export const SCHEMA_VERSION = 1

/** The events as the document gives them: without `kind` (the list they are in says it). */
function* withoutKind<T extends {kind: string}>(events: Iterable<T>): Generator<Omit<T, 'kind'>> {
  for (const {kind: _kind, ...rest} of events) yield rest
}

export type CycleJson = Omit<GcCycle, 'kind'>
export type ScavengerJson = Omit<ScavengerReport, 'kind'>
export type PacerJson = Omit<PacerLine, 'kind'>

export interface SegmentJson {
  index: number
  goEra: string
  goVersions: {minMinor: number | null; maxMinor: number | null; conflicting: boolean}
  startReason: SegmentStart
  firstLine: number
  lastLine: number
  gaps: CycleGap[]
  /** Written as arrays; made while written (json-stream.ts): a week's log has millions. */
  cycles: LazyList<CycleJson>
  scavenger: LazyList<ScavengerJson>
  pacer: LazyList<PacerJson>
  summary: SegmentSummary
  /** Wall-clock times (epoch ms) of the segment and the process start derived from them; null when the log format gives lines no time. */
  wallClock?: WallClock | null
}

export interface AnalysisJson {
  schemaVersion: number
  gctraceVersion: string
  input: string
  lines: LineCounts
  splices: SpliceStats
  unrecognized: Omit<UnrecognizedLine, 'kind'>[]
  segments: SegmentJson[]
  /** Ranked by the MiB each explains; [] when the input has no cycles. */
  findings: Finding[]
  /** RSS split into parts at its peak and at the end; null without memory samples. */
  attribution: {atPeak: Attribution; atEnd: Attribution} | null
  /** Which run the findings are about, the Go version they assume, and what could not be judged. */
  diagnosis: {segmentIndex: number; goVersions: GoVersions; notJudged: {id: FindingId; reason: string}[]} | null
  /** The memory samples read (not the samples themselves: the timeline CSV has them). */
  samples: {format: string; count: number; firstAt: number | null; lastAt: number | null; dropped: SampleSeries['dropped']; columns: string[]; notes: string[]} | null
  /** How each input file was read: its log collector's format and what unwrapping did (docs/formats.md, "Log collectors"). */
  inputFiles?: {name: string; format: LogFormat | null; forced: boolean; rawLines: number; malformedLines: number; firstMalformedLine: number | null; piecesJoined: number; yearAssumed: number | null; processes: number | null}[]
}

export function renderJson(analysis: Analysis, meta: {input: string; gctraceVersion: string; samples?: SampleSeries | null}): AnalysisJson {
  const {trace, summaries, diagnosis} = analysis
  const series = meta.samples ?? null
  const span = series?.samples.span() ?? null
  return {
    schemaVersion: SCHEMA_VERSION,
    gctraceVersion: meta.gctraceVersion,
    input: meta.input,
    lines: trace.lines,
    splices: trace.splices,
    unrecognized: trace.unrecognized.map(({kind: _kind, ...rest}) => rest),
    segments: trace.segments.map((segment, i) => ({
      index: segment.index,
      goEra: segment.goEra.label,
      goVersions: {minMinor: segment.goEra.minMinor, maxMinor: segment.goEra.maxMinor, conflicting: segment.goEra.conflicting},
      startReason: segment.startReason,
      firstLine: segment.firstLine,
      lastLine: segment.lastLine,
      gaps: segment.gaps,
      cycles: new LazyList(() => withoutKind(segment.cycles)),
      scavenger: new LazyList(() => withoutKind(segment.scavenger)),
      pacer: new LazyList(() => withoutKind(segment.pacer)),
      summary: summaries[i] as SegmentSummary,
      ...(analysis.wallClocks === undefined ? {} : {wallClock: analysis.wallClocks[i] ?? null}),
    })),
    findings: diagnosis?.findings ?? [],
    attribution: diagnosis?.attribution ?? null,
    diagnosis: diagnosis === null ? null : {segmentIndex: diagnosis.segmentIndex, goVersions: diagnosis.goVersions, notJudged: diagnosis.notJudged},
    samples:
      series === null
        ? null
        : {format: series.format, count: series.samples.length, firstAt: span?.first ?? null, lastAt: span?.last ?? null, dropped: series.dropped, columns: series.columns, notes: series.notes},
    ...(analysis.logReadings === undefined
      ? {}
      : {inputFiles: analysis.logReadings.map(({malformed, ...r}) => ({name: r.name, format: r.format, forced: r.forced, rawLines: r.rawLines, malformedLines: malformed, firstMalformedLine: r.firstMalformedLine, piecesJoined: r.piecesJoined, yearAssumed: r.yearAssumed, processes: r.processes}))}),
  }
}
