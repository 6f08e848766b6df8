// One row of the many-logs table (`gctrace analyze logs/`): the few numbers that tell which
// process to look at first, taken from the same analysis `analyze FILE` prints. Plain data: it
// crosses from a worker thread to the main thread by structured clone.
import type {Analysis} from '../analysis/index.js'
import type {FindingId, Severity} from '../analysis/rules/types.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {Segment} from '../trace/segments.js'
import {SCHEMA_VERSION} from './json.js'

/**
 * ok: analysed; no-trace: read, but it holds no GC trace (exit 3 alone); unreadable: missing,
 * corrupt, not a trace or samples that cannot be read (exit 2 alone); failed: gctrace itself failed.
 */
export type FleetStatus = 'ok' | 'no-trace' | 'unreadable' | 'failed'

export interface FleetRow {
  /** The process's name: the recording folder, or the log's name without its rotation suffixes. */
  name: string
  /** The files read for it, oldest first. */
  inputs: string[]
  status: FleetStatus
  /** Why it is not ok: the message `analyze` alone would print. */
  reason: string | null
  /** The run the diagnosis is about (the last with cycles), as in `analyze --json` diagnosis.segmentIndex. */
  segmentIndex: number | null
  segments: number
  goEra: string | null
  durationS: number | null
  cycles: number | null
  /** RSS at its peak and at the end, MiB, as the answer gives them; null without memory samples. */
  peakRssMiB: number | null
  finalRssMiB: number | null
  /** The live heap the last cycle marked, MB (the runtime's floor(MiB)). */
  liveHeapMB: number | null
  /** The runtime's cumulative GC CPU %, as the last cycle printed it. */
  gcCpuPercent: number | null
  /** Stop-the-world pause p99, ms. */
  pauseP99Ms: number | null
  /** The finding ranked first: the one that explains the most memory. */
  topFinding: {id: FindingId; severity: Severity; explainsMiB: number} | null
  /** Every finding, ranked, for --fail-on. */
  findings: {id: FindingId; severity: Severity}[]
}

/** The row of one analysed process. */
export function fleetRowOf(name: string, inputs: string[], analysis: Analysis): FleetRow {
  const {diagnosis} = analysis
  const index = diagnosis?.segmentIndex ?? null
  const segment = index === null ? undefined : (analysis.trace.segments[index] as Segment)
  const summary = index === null ? undefined : (analysis.summaries[index] as SegmentSummary)
  const top = diagnosis?.findings[0]
  return {
    name,
    inputs,
    status: 'ok',
    reason: null,
    segmentIndex: index,
    segments: analysis.trace.segments.length,
    goEra: summary?.goEra ?? analysis.trace.segments.at(-1)?.goEra.label ?? null,
    durationS: summary?.durationS ?? null,
    cycles: summary?.cycles ?? 0,
    peakRssMiB: diagnosis?.attribution?.atPeak.rssMiB ?? null,
    finalRssMiB: diagnosis?.attribution?.atEnd.rssMiB ?? null,
    liveHeapMB: lastLiveHeap(segment),
    gcCpuPercent: summary?.gcCpuPercent ?? null,
    pauseP99Ms: summary?.stwPauseMs?.p99 ?? null,
    topFinding: top === undefined ? null : {id: top.id, severity: top.severity, explainsMiB: top.explainsMiB},
    findings: (diagnosis?.findings ?? []).map((f) => ({id: f.id, severity: f.severity})),
  }
}

/** The row of a process that could not be analysed. */
export function failedRowOf(name: string, inputs: string[], status: Exclude<FleetStatus, 'ok'>, reason: string): FleetRow {
  return {
    name,
    inputs,
    status,
    reason,
    segmentIndex: null,
    segments: 0,
    goEra: null,
    durationS: null,
    cycles: null,
    peakRssMiB: null,
    finalRssMiB: null,
    liveHeapMB: null,
    gcCpuPercent: null,
    pauseP99Ms: null,
    topFinding: null,
    findings: [],
  }
}

/** The live heap of the segment's last cycle that printed one (Go 1.3/1.4 print none). */
function lastLiveHeap(segment: Segment | undefined): number | null {
  if (segment === undefined) return null
  for (let i = segment.cycles.length - 1; i >= 0; i--) {
    const live = segment.cycles.liveHeapMB(i)
    if (!Number.isNaN(live)) return live
  }
  return null
}

/** `analyze --json` of many processes (docs/json.md, "Many processes"). */
export interface FleetJson {
  schemaVersion: number
  kind: 'fleet'
  gctraceVersion: string
  /** Worker threads that analysed the processes. */
  workers: number
  /** One per process, sorted by name. */
  processes: FleetRow[]
}

export function fleetJsonOf(rows: FleetRow[], meta: {gctraceVersion: string; workers: number}): FleetJson {
  return {schemaVersion: SCHEMA_VERSION, kind: 'fleet', gctraceVersion: meta.gctraceVersion, workers: meta.workers, processes: rows}
}
