// The time-aligned table: every memory sample joined as-of (backward) with the latest cycle and
// scavenger report before it, and every cycle joined with its nearest sample.
//
// danfojs has no as-of merge, so the join is a single merge pass over the two time-ordered
// series here; the joined table becomes a danfojs DataFrame (timelineFrame) for CSV output and
// for library users. danfojs is imported only there, lazily: loading it costs ~0.6 s, which
// analyses without memory samples never pay.
import type {SampleColumns} from '../memory/sample-columns.js'
import type {RssSample} from '../memory/types.js'
import {orNull} from '../trace/columns.js'
import type {Segment} from '../trace/segments.js'
import {attributeSample, type Attribution, type AttributionPartId, PART_LABELS} from './attribution.js'
import {type HeapState, HeapStateReader} from './heap-state.js'

export interface TimelineRow {
  at: number
  sample: RssSample
  /** Worked out when read from the timeline's columns: a new object on each read. */
  readonly heap: HeapState
  /** Worked out when read, not kept: a week of samples is a million rows, and few are looked at. */
  readonly attribution: Attribution
}

/**
 * The heap state at each sample, as columns: an object per sample (eight fields, six of them
 * boxed doubles) was ~150 bytes, 150 MB for a week of samples at 250 ms. The live heap, goal,
 * stacks and globals are whole MiB from the cycle table's Float32 columns; the rest are doubles.
 * NaN stands for null.
 */
class HeapColumns {
  private readonly seq: Float64Array
  private readonly liveMB: Float32Array
  private readonly goalMB: Float32Array
  private readonly stacksMB: Float32Array
  private readonly globalsMB: Float32Array
  private readonly inUseMB: Float64Array
  private readonly peakHeapMB: Float64Array
  private readonly releasedMiB: Float64Array

  constructor(length: number) {
    this.seq = new Float64Array(length)
    this.liveMB = new Float32Array(length)
    this.goalMB = new Float32Array(length)
    this.stacksMB = new Float32Array(length)
    this.globalsMB = new Float32Array(length)
    this.inUseMB = new Float64Array(length)
    this.peakHeapMB = new Float64Array(length)
    this.releasedMiB = new Float64Array(length)
  }

  set(i: number, heap: HeapState): void {
    this.seq[i] = heap.seq ?? Number.NaN
    this.liveMB[i] = heap.liveMB
    this.goalMB[i] = heap.goalMB ?? Number.NaN
    this.stacksMB[i] = heap.stacksMB ?? Number.NaN
    this.globalsMB[i] = heap.globalsMB ?? Number.NaN
    this.inUseMB[i] = heap.inUseMB
    this.peakHeapMB[i] = heap.peakHeapMB
    this.releasedMiB[i] = heap.releasedMiB ?? Number.NaN
  }

  get(i: number): HeapState {
    return {
      seq: orNull(this.seq[i] as number),
      liveMB: this.liveMB[i] as number,
      goalMB: orNull(this.goalMB[i] as number),
      stacksMB: orNull(this.stacksMB[i] as number),
      globalsMB: orNull(this.globalsMB[i] as number),
      inUseMB: this.inUseMB[i] as number,
      peakHeapMB: this.peakHeapMB[i] as number,
      releasedMiB: orNull(this.releasedMiB[i] as number),
    }
  }
}

class Row implements TimelineRow {
  constructor(
    readonly at: number,
    private readonly samples: SampleColumns,
    private readonly index: number,
    private readonly heaps: HeapColumns,
  ) {}

  get sample(): RssSample {
    return this.samples.at(this.index)
  }

  get heap(): HeapState {
    return this.heaps.get(this.index)
  }

  get attribution(): Attribution {
    return attributeSample(this.sample, this.heap)
  }
}

/** Every timed cycle with the sample nearest to it, as columns (one row per timed cycle). */
export class CycleSamples {
  readonly length: number
  private readonly seqs: Float64Array
  private readonly ats: Float64Array
  private readonly rows: Int32Array
  private readonly distances: Float64Array

  constructor(capacity: number) {
    this.seqs = new Float64Array(capacity)
    this.ats = new Float64Array(capacity)
    this.rows = new Int32Array(capacity)
    this.distances = new Float64Array(capacity)
    this.length = capacity
  }

  set(i: number, seq: number, at: number, row: number, distanceS: number): void {
    this.seqs[i] = seq
    this.ats[i] = at
    this.rows[i] = row
    this.distances[i] = distanceS
  }

  seq(i: number): number {
    return this.seqs[i] as number
  }

  /** The cycle's `@Ns`. */
  at(i: number): number {
    return this.ats[i] as number
  }

  /** Index of the nearest sample in the timeline's rows. */
  row(i: number): number {
    return this.rows[i] as number
  }

  /** How far from the cycle that sample was taken, seconds. */
  distanceS(i: number): number {
    return this.distances[i] as number
  }

  /** The first cycle numbered `seq`, or -1. */
  indexOfSeq(seq: number): number {
    for (let i = 0; i < this.length; i++) if (this.seqs[i] === seq) return i
    return -1
  }
}

export interface Timeline {
  rows: TimelineRow[]
  cycleSamples: CycleSamples
}

export function buildTimeline(segment: Segment, samples: SampleColumns): Timeline {
  const reader = new HeapStateReader(segment)
  const heaps = new HeapColumns(samples.length)
  const rows = Array.from({length: samples.length}, (_, i): TimelineRow => {
    const at = samples.seconds(i)
    heaps.set(i, reader.at(at))
    return new Row(at, samples, i, heaps)
  })
  return {rows, cycleSamples: nearestSamples(segment, rows)}
}

function nearestSamples(segment: Segment, rows: TimelineRow[]): CycleSamples {
  const {cycles} = segment
  const timed = rows.length === 0 ? new Int32Array(0) : cycles.timedRows()
  const out = new CycleSamples(timed.length)
  let j = 0
  for (let n = 0; n < timed.length; n++) {
    const i = timed[n] as number
    const at = cycles.seconds(i)
    while (j + 1 < rows.length && Math.abs((rows[j + 1] as TimelineRow).at - at) <= Math.abs((rows[j] as TimelineRow).at - at)) j++
    out.set(n, cycles.seq(i), at, j, Math.abs((rows[j] as TimelineRow).at - at))
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
