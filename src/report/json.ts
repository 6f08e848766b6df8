// The JSON document (`--json`). Its shape is a contract — docs/json.md — that later versions
// extend but never rename: bump schemaVersion only for a breaking change.
import type {Analysis} from '../analysis/index.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {LineCounts, SpliceStats} from '../trace/read-events.js'
import type {CycleGap, SegmentStart} from '../trace/segments.js'
import type {GcCycle, PacerLine, ScavengerReport, UnrecognizedLine} from '../trace/types.js'

export const SCHEMA_VERSION = 1

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
  cycles: CycleJson[]
  scavenger: ScavengerJson[]
  pacer: PacerJson[]
  summary: SegmentSummary
}

export interface AnalysisJson {
  schemaVersion: number
  gctraceVersion: string
  input: string
  lines: LineCounts
  splices: SpliceStats
  unrecognized: Omit<UnrecognizedLine, 'kind'>[]
  segments: SegmentJson[]
}

export function renderJson(analysis: Analysis, meta: {input: string; gctraceVersion: string}): AnalysisJson {
  const {trace, summaries} = analysis
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
      cycles: segment.cycles.map(({kind: _kind, ...rest}) => rest),
      scavenger: segment.scavenger.map(({kind: _kind, ...rest}) => rest),
      pacer: segment.pacer.map(({kind: _kind, ...rest}) => rest),
      summary: summaries[i] as SegmentSummary,
    })),
  }
}
