// The time-aligned table: every memory sample joined as-of (backward) with the latest cycle and
// scavenger report before it, and every cycle joined with its nearest sample.
//
// danfojs has no as-of merge, so the join is a single merge pass over the two time-ordered
// series here; the joined table becomes danfojs DataFrames: one for library users
// (timelineFrame), and one a slice of rows at a time for CSV output (timelineCsv). danfojs is
// imported only there, lazily: loading it costs ~0.6 s, which analyses without memory samples
// never pay.
import type {SampleColumns} from '../memory/sample-columns.js'
import type {RssSample} from '../memory/types.js'
import type {CycleTable} from '../trace/cycle-table.js'
import type {Segment} from '../trace/segments.js'
import {attributeSample, type Attribution, type AttributionPartId, PART_LABELS, partMiB, samplePartMiB} from './attribution.js'
import {type HeapState, HeapStateReader} from './heap-state.js'

export interface TimelineRow {
  /** The row's place in the timeline (and its sample's in the series). */
  index: number
  at: number
  /** Worked out when read from the series' columns: a new object on each read. */
  readonly sample: RssSample
  /** Worked out when read from the cycles around the sample: a new object on each read. */
  readonly heap: HeapState
  /** Worked out when read, not kept: a week of samples is a million rows, and few are looked at. */
  readonly attribution: Attribution
}

/**
 * The rows, made when asked for: a row is a sample and where the heap's history stood at it (how
 * many timed cycles and scavenger reports had come, two integers), and its heap state is worked
 * out from those when read. As objects, with the heap state kept in columns, a million samples
 * took ~130 MB; this way, 8 bytes a sample.
 */
export class TimelineRows implements Iterable<TimelineRow> {
  private readonly cyclesSeen: Int32Array
  private readonly reportsSeen: Int32Array

  constructor(
    readonly samples: SampleColumns,
    private readonly reader: HeapStateReader,
  ) {
    this.cyclesSeen = new Int32Array(samples.length)
    this.reportsSeen = new Int32Array(samples.length)
    for (let i = 0; i < samples.length; i++) {
      reader.advance(samples.seconds(i))
      this.cyclesSeen[i] = reader.cyclesSeen
      this.reportsSeen[i] = reader.reportsSeen
    }
  }

  get length(): number {
    return this.samples.length
  }

  /** Row `i` (a new object on each call). */
  row(i: number): TimelineRow {
    return new Row(this, i)
  }

  /** The heap at row `i`'s sample. */
  heapAt(i: number): HeapState {
    return this.reader.stateAt(this.samples.seconds(i), this.cyclesSeen[i] as number, this.reportsSeen[i] as number)
  }

  /** The MiB of one part of row `i`'s attribution (0 when absent), without making the row. */
  partMiB(i: number, id: AttributionPartId): number {
    const {samples} = this
    return samplePartMiB(samples.rssKiB(i), samples.sizeKiB('fileKiB', i), samples.sizeKiB('lazyFreeKiB', i), this.heapAt(i), id)
  }

  *[Symbol.iterator](): Iterator<TimelineRow> {
    for (let i = 0; i < this.length; i++) yield this.row(i)
  }
}

class Row implements TimelineRow {
  readonly at: number

  constructor(
    private readonly rows: TimelineRows,
    readonly index: number,
  ) {
    this.at = rows.samples.seconds(index)
  }

  get sample(): RssSample {
    return this.rows.samples.at(this.index)
  }

  get heap(): HeapState {
    return this.rows.heapAt(this.index)
  }

  get attribution(): Attribution {
    const {samples} = this.rows
    const i = this.index
    return attributeSample({at: this.at, rssKiB: samples.rssKiB(i), fileKiB: samples.sizeKiB('fileKiB', i), lazyFreeKiB: samples.sizeKiB('lazyFreeKiB', i)}, this.heap)
  }
}

/** Every timed cycle with the sample nearest to it (one row per timed cycle): only that sample's index is kept. */
export class CycleSamples {
  readonly length: number

  constructor(
    private readonly cycles: CycleTable,
    /** The timed cycles' rows in the cycle table. */
    private readonly timed: Int32Array,
    private readonly samples: SampleColumns,
    private readonly rows: Int32Array,
  ) {
    this.length = rows.length
  }

  seq(i: number): number {
    return this.cycles.seq(this.timed[i] as number)
  }

  /** The cycle's `@Ns`. */
  at(i: number): number {
    return this.cycles.seconds(this.timed[i] as number)
  }

  /** Index of the nearest sample in the timeline's rows. */
  row(i: number): number {
    return this.rows[i] as number
  }

  /** How far from the cycle that sample was taken, seconds. */
  distanceS(i: number): number {
    return Math.abs(this.samples.seconds(this.row(i)) - this.at(i))
  }

  /** The first cycle numbered `seq`, or -1. */
  indexOfSeq(seq: number): number {
    for (let i = 0; i < this.length; i++) if (this.seq(i) === seq) return i
    return -1
  }
}

export interface Timeline {
  rows: TimelineRows
  cycleSamples: CycleSamples
}

export function buildTimeline(segment: Segment, samples: SampleColumns): Timeline {
  const reader = new HeapStateReader(segment)
  return {rows: new TimelineRows(samples, reader), cycleSamples: nearestSamples(segment, reader.timed, samples)}
}

function nearestSamples(segment: Segment, timed: Int32Array, samples: SampleColumns): CycleSamples {
  const {cycles} = segment
  const rows = new Int32Array(samples.length === 0 ? 0 : timed.length)
  let j = 0
  for (let n = 0; n < rows.length; n++) {
    const at = cycles.seconds(timed[n] as number)
    while (j + 1 < samples.length && Math.abs(samples.seconds(j + 1) - at) <= Math.abs(samples.seconds(j) - at)) j++
    rows[n] = j
  }
  return new CycleSamples(cycles, timed, samples, rows)
}

/** Each part's column in the table: `part_idle_heap_mib` for idle-heap. */
const PART_COLUMNS = (Object.keys(PART_LABELS) as AttributionPartId[]).map((id) => [id, `part_${id.replace(/-/g, '_')}_mib`] as const)

/** The table's columns: one row per sample (rows `from` to `to`, all by default), sizes in MiB. */
export function timelineColumns(timeline: Timeline, from = 0, to = timeline.rows.length): Record<string, (number | null)[]> {
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
  for (const [, column] of PART_COLUMNS) columns[column] = []
  const push = (name: string, value: number | null) => (columns[name] as (number | null)[]).push(value)
  for (let i = from; i < to; i++) {
    const {at, sample, heap, attribution} = timeline.rows.row(i)
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
    for (const [id, column] of PART_COLUMNS) push(column, partMiB(attribution, id))
  }
  return columns
}

/** The table as a danfojs DataFrame (loads danfojs-node). */
export async function timelineFrame(timeline: Timeline) {
  const {DataFrame} = await import('danfojs-node')
  return new DataFrame(timelineColumns(timeline))
}

/** Rows in each DataFrame of timelineCsv. */
export const TIMELINE_CSV_ROWS = 1 << 14

/**
 * The table as CSV text in pieces, each piece `rowsEach` rows made into a DataFrame of its own
 * (loads danfojs-node). As one frame, a week of samples (a million rows) took ~2.1 GB: the
 * columns as arrays, the frame's copy of them, and the whole text as one string. danfojs writes
 * each value on its own (a row's values joined, null as nothing), so the pieces together are the
 * whole frame's CSV.
 */
export async function timelineCsv(timeline: Timeline, rowsEach = TIMELINE_CSV_ROWS): Promise<Iterable<string>> {
  const {DataFrame} = await import('danfojs-node')
  // A timeline has a row for every sample, and is made only when there are samples (analyzeTrace).
  const {length} = timeline.rows
  return (function* () {
    for (let from = 0; from < length; from += rowsEach) {
      yield new DataFrame(timelineColumns(timeline, from, Math.min(length, from + rowsEach))).toCSV({header: from === 0}) as string
    }
  })()
}
