// The time-aligned table: every memory sample joined as-of (backward) with the latest cycle and
// scavenger report before it, and every cycle joined with its nearest sample.
//
// danfojs has no as-of merge, so the join is a single merge pass over the two time-ordered
// series here; the joined table becomes a danfojs DataFrame (timelineFrame) for CSV output and
// for library users. danfojs is imported only there, lazily: loading it costs ~0.6 s, which
// analyses without memory samples never pay.
import type {RssSample} from '../memory/types.js'
import type {Segment} from '../trace/segments.js'
import {attributeSample, type Attribution, type AttributionPartId, PART_LABELS} from './attribution.js'
import {type HeapState, HeapStateReader} from './heap-state.js'

export interface TimelineRow {
  at: number
  sample: RssSample
  heap: HeapState
  /** Worked out when read, not kept: a week of samples is a million rows, and few are looked at. */
  readonly attribution: Attribution
}

class Row implements TimelineRow {
  constructor(
    readonly at: number,
    readonly sample: RssSample,
    readonly heap: HeapState,
  ) {}

  get attribution(): Attribution {
    return attributeSample(this.sample, this.heap)
  }
}

export interface CycleSample {
  seq: number
  at: number
  /** Index of the nearest sample in rows, and how far from the cycle it was taken. */
  row: number
  distanceS: number
}

export interface Timeline {
  rows: TimelineRow[]
  cycleSamples: CycleSample[]
}

export function buildTimeline(segment: Segment, samples: RssSample[]): Timeline {
  const reader = new HeapStateReader(segment)
  const rows = samples.map((sample): TimelineRow => new Row(sample.at, sample, reader.at(sample.at)))
  return {rows, cycleSamples: nearestSamples(segment, rows)}
}

function nearestSamples(segment: Segment, rows: TimelineRow[]): CycleSample[] {
  const out: CycleSample[] = []
  if (rows.length === 0) return out
  let j = 0
  const {cycles} = segment
  for (let i = 0; i < cycles.length; i++) {
    const at = cycles.seconds(i)
    if (Number.isNaN(at)) continue
    while (j + 1 < rows.length && Math.abs((rows[j + 1] as TimelineRow).at - at) <= Math.abs((rows[j] as TimelineRow).at - at)) j++
    out.push({seq: cycles.seq(i), at, row: j, distanceS: Math.abs((rows[j] as TimelineRow).at - at)})
  }
  return out
}

const PART_IDS = Object.keys(PART_LABELS) as AttributionPartId[]

/** The table's columns: one row per sample, sizes in MiB. */
export function timelineColumns(timeline: Timeline): Record<string, (number | null)[]> {
  const mib = (kib: number | undefined) => (kib === undefined ? null : kib / 1024)
  const columns: Record<string, (number | null)[]> = {
    at_s: [],
    rss_mib: [],
    rss_anon_mib: [],
    rss_file_mib: [],
    lazyfree_mib: [],
    anon_huge_mib: [],
    cgroup_mib: [],
    cycle_seq: [],
    live_heap_mb: [],
    heap_in_use_mb: [],
    heap_goal_mb: [],
    peak_heap_mb: [],
    stacks_mb: [],
    globals_mb: [],
    released_mib: [],
  }
  for (const id of PART_IDS) columns[`part_${id.replace(/-/g, '_')}_mib`] = []
  const push = (name: string, value: number | null) => (columns[name] as (number | null)[]).push(value)
  for (const {at, sample, heap, attribution} of timeline.rows) {
    push('at_s', at)
    push('rss_mib', sample.rssKiB / 1024)
    push('rss_anon_mib', mib(sample.anonKiB))
    push('rss_file_mib', mib(sample.fileKiB))
    push('lazyfree_mib', mib(sample.lazyFreeKiB))
    push('anon_huge_mib', mib(sample.anonHugeKiB))
    push('cgroup_mib', mib(sample.cgroupKiB))
    push('cycle_seq', heap.seq)
    push('live_heap_mb', heap.liveMB)
    push('heap_in_use_mb', heap.inUseMB)
    push('heap_goal_mb', heap.goalMB)
    push('peak_heap_mb', heap.peakHeapMB)
    push('stacks_mb', heap.stacksMB)
    push('globals_mb', heap.globalsMB)
    push('released_mib', heap.releasedMiB)
    for (const id of PART_IDS) push(`part_${id.replace(/-/g, '_')}_mib`, attribution.parts.find((p) => p.id === id)?.mib ?? 0)
  }
  return columns
}

/** The table as a danfojs DataFrame (loads danfojs-node). */
export async function timelineFrame(timeline: Timeline) {
  const {DataFrame} = await import('danfojs-node')
  return new DataFrame(timelineColumns(timeline))
}
