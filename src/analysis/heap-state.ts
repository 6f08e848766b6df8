// The Go heap as the trace describes it at any moment, between the cycles that printed it.
// A gc line is a snapshot at one instant; RSS samples fall between them, so the heap at a
// sample is estimated from the cycles around it (and said to be an estimate).
import type {Segment} from '../trace/segments.js'
import type {GcCycle} from '../trace/types.js'

export interface HeapState {
  /** The latest cycle at or before the moment, or null before the first. */
  seq: number | null
  liveMB: number
  goalMB: number | null
  stacksMB: number | null
  globalsMB: number | null
  /** Heap in use at the moment: the live heap plus what was allocated since, estimated. */
  inUseMB: number
  /** The largest heap printed so far. The heap's address space is never unmapped, so HeapSys is at least this. */
  peakHeapMB: number
  /** The scavenger's total released at its latest report (scavtrace=1 / Go ≤1.13 gctrace), MiB. */
  releasedMiB: number | null
}

/** Answers "what was the heap at t?" for increasing t, in one pass over the cycles. */
export class HeapStateReader {
  private readonly cycles: (GcCycle & {at: number})[]
  private readonly releasedAt: {at: number; releasedMiB: number}[]
  private next = 0
  private nextReport = 0
  private peak = 0
  private released: number | null = null
  private readonly allocationRate: number

  constructor(segment: Segment) {
    this.cycles = segment.cycles.filter((c): c is GcCycle & {at: number} => c.at !== null)
    // Reports carry no time: they take that of the cycle printed before them.
    const atOfSeq = new Map(this.cycles.map((c) => [c.seq, c.at]))
    this.releasedAt = segment.scavenger.flatMap((report) => {
      if (report.totalReleasedKiB === null) return []
      const at = report.afterSeq === null ? 0 : atOfSeq.get(report.afterSeq)
      return at === undefined ? [] : [{at, releasedMiB: report.totalReleasedKiB / 1024}]
    })
    this.allocationRate = recentAllocationRate(this.cycles)
  }

  /** The heap at `at`; calls must come in increasing `at`. */
  at(at: number): HeapState {
    while (this.next < this.cycles.length && (this.cycles[this.next] as GcCycle & {at: number}).at <= at) {
      const c = this.cycles[this.next] as GcCycle
      this.peak = Math.max(this.peak, c.heapMB.atStart, c.heapMB.atEnd)
      this.next++
    }
    while (this.nextReport < this.releasedAt.length && (this.releasedAt[this.nextReport] as {at: number}).at <= at) {
      this.released = (this.releasedAt[this.nextReport] as {releasedMiB: number}).releasedMiB
      this.nextReport++
    }
    const last = this.cycles[this.next - 1]
    const following = this.cycles[this.next]
    const inUseMB = estimateInUse(last, following, at, this.allocationRate)
    return {
      seq: last?.seq ?? null,
      liveMB: last?.heapMB.live ?? 0,
      goalMB: last?.goalMB ?? null,
      stacksMB: last?.stacksMB ?? null,
      globalsMB: last?.globalsMB ?? null,
      inUseMB,
      peakHeapMB: Math.max(this.peak, inUseMB),
      releasedMiB: this.released,
    }
  }
}

/**
 * Between two cycles the heap grows from the first's live heap to the second's heap at start;
 * after the last cycle it grows at the recent rate, but never past the goal (a cycle would have
 * started there).
 */
function estimateInUse(last: (GcCycle & {at: number}) | undefined, following: (GcCycle & {at: number}) | undefined, at: number, rateMBps: number): number {
  if (last === undefined) return following === undefined ? 0 : following.heapMB.atStart * Math.min(1, at / Math.max(following.at, 1e-9))
  const live = last.heapMB.live ?? last.heapMB.atEnd
  if (following !== undefined) {
    const span = following.at - last.at
    const share = span > 0 ? Math.min(1, Math.max(0, (at - last.at) / span)) : 1
    return live + Math.max(0, following.heapMB.atStart - live) * share
  }
  const ceiling = last.goalMB ?? live
  return Math.min(Math.max(live, ceiling), live + rateMBps * Math.max(0, at - last.at))
}

/**
 * MB/s allocated between the last two cycles (heap at start minus the previous live heap). The
 * last interval alone, not an average: a program that went idle (the last cycle periodic, two
 * minutes after the one before) allocates nothing after it, whatever it did before.
 */
function recentAllocationRate(cycles: (GcCycle & {at: number})[]): number {
  const previous = cycles.at(-2)
  const last = cycles.at(-1)
  if (previous === undefined || last === undefined || last.at <= previous.at) return 0
  return Math.max(0, last.heapMB.atStart - (previous.heapMB.live ?? previous.heapMB.atEnd)) / (last.at - previous.at)
}
