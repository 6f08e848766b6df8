// The Go heap as the trace describes it at any moment, between the cycles that printed it.
// A gc line is a snapshot at one instant; RSS samples fall between them, so the heap at a
// sample is estimated from the cycles around it (and said to be an estimate).
import {orNull} from '../trace/columns.js'
import type {CycleTable} from '../trace/cycle-table.js'
import type {ScavengerTable} from '../trace/scavenger-table.js'
import type {Segment} from '../trace/segments.js'

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

/**
 * Answers "what was the heap at t?": `at(t)` for increasing t, in one pass over the cycles; or
 * `advance(t)` in that pass, keeping only how far it came (`cyclesSeen`, `reportsSeen`), and
 * `stateAt` later, in any order, from those two numbers.
 */
export class HeapStateReader {
  private readonly cycles: CycleTable
  /** Rows of the cycles that carry a time (all from Go 1.5 on). */
  readonly timed: Int32Array
  private readonly scavenger: ScavengerTable
  /** The scavenger reports with a total and a time, by row in the scavenger table, and the cycle whose time each takes (-1: none, time 0). */
  private readonly reports: Int32Array
  private readonly reportCycles: Int32Array
  /** The largest heap printed by the first n timed cycles, by n: whole MB, as the cycle table holds them. */
  private readonly peaks: Int32Array
  private next = 0
  private nextReport = 0
  private readonly allocationRate: number
  /** The cycles before and after the last moment stateAt was asked about: the rows of one stretch between cycles share them. */
  private around: {cyclesSeen: number; last: CycleSnapshot | undefined; following: CycleSnapshot | undefined} = {cyclesSeen: -1, last: undefined, following: undefined}

  constructor(segment: Segment) {
    const {cycles, scavenger} = segment
    this.cycles = cycles
    this.timed = cycles.timedRows()
    this.scavenger = scavenger
    // Reports carry no time: they take that of the cycle printed before them (cycle numbers only grow in a segment).
    // As columns: a busy log has a report for nearly every cycle, and an object each took ~80 MB a million.
    const reports = new Int32Array(scavenger.length)
    const reportCycles = new Int32Array(scavenger.length)
    let n = 0
    for (let r = 0; r < scavenger.length; r++) {
      const total = scavenger.totalReleasedKiB(r)
      if (Number.isNaN(total)) continue
      const afterSeq = scavenger.afterSeq(r)
      let cycle = -1
      if (!Number.isNaN(afterSeq)) {
        cycle = cycles.indexOfSeq(afterSeq)
        if (cycle >= cycles.length || cycles.seq(cycle) !== afterSeq || Number.isNaN(cycles.seconds(cycle))) continue
      }
      reports[n] = r
      reportCycles[n++] = cycle
    }
    this.reports = reports.subarray(0, n)
    this.reportCycles = reportCycles.subarray(0, n)
    this.peaks = new Int32Array(this.timed.length + 1)
    this.timed.forEach((i, n) => (this.peaks[n + 1] = Math.max(this.peaks[n] as number, cycles.heapAtStartMB(i), cycles.heapAtEndMB(i))))
    this.allocationRate = recentAllocationRate(this.snapshot(this.timed.length - 2), this.snapshot(this.timed.length - 1))
  }

  /** The heap at `at`; calls must come in increasing `at`. */
  at(at: number): HeapState {
    this.advance(at)
    return this.stateAt(at, this.next, this.nextReport)
  }

  /** Takes in the cycles and reports up to `at`; calls must come in increasing `at`. */
  advance(at: number): void {
    const {cycles, timed} = this
    while (this.next < timed.length && cycles.seconds(timed[this.next] as number) <= at) this.next++
    while (this.nextReport < this.reports.length && this.reportAt(this.nextReport) <= at) this.nextReport++
  }

  /** The time report `n` takes: its cycle's, or 0 before any cycle. */
  private reportAt(n: number): number {
    const cycle = this.reportCycles[n] as number
    return cycle < 0 ? 0 : this.cycles.seconds(cycle)
  }

  /** Timed cycles taken in so far. */
  get cyclesSeen(): number {
    return this.next
  }

  /** Scavenger reports taken in so far. */
  get reportsSeen(): number {
    return this.nextReport
  }

  /** The heap at `at`, once `cyclesSeen` timed cycles and `reportsSeen` reports had come. */
  stateAt(at: number, cyclesSeen: number, reportsSeen: number): HeapState {
    if (this.around.cyclesSeen !== cyclesSeen) this.around = {cyclesSeen, last: this.snapshot(cyclesSeen - 1), following: this.snapshot(cyclesSeen)}
    const {last, following} = this.around
    const inUseMB = estimateInUse(last, following, at, this.allocationRate)
    return {
      seq: last?.seq ?? null,
      liveMB: last?.liveMB ?? 0,
      goalMB: last?.goalMB ?? null,
      stacksMB: last?.stacksMB ?? null,
      globalsMB: last?.globalsMB ?? null,
      inUseMB,
      peakHeapMB: Math.max(this.peaks[cyclesSeen] as number, inUseMB),
      releasedMiB: reportsSeen === 0 ? null : this.scavenger.totalReleasedKiB(this.reports[reportsSeen - 1] as number) / 1024,
    }
  }

  /** The n-th timed cycle's figures, or undefined outside them. */
  private snapshot(n: number): CycleSnapshot | undefined {
    if (n < 0 || n >= this.timed.length) return undefined
    const i = this.timed[n] as number
    const c = this.cycles
    return {
      seq: c.seq(i),
      at: c.seconds(i),
      heapAtStartMB: c.heapAtStartMB(i),
      liveMB: Number.isNaN(c.liveHeapMB(i)) ? 0 : c.liveHeapMB(i),
      liveOrEndMB: c.liveOrEndMB(i),
      goalMB: orNull(c.goalMB(i)),
      stacksMB: orNull(c.stacksMB(i)),
      globalsMB: orNull(c.globalsMB(i)),
    }
  }
}

/** What the estimates need of one timed cycle. */
interface CycleSnapshot {
  seq: number
  at: number
  heapAtStartMB: number
  /** Marked live; 0 where the era printed none. */
  liveMB: number
  /** Marked live, else the heap at mark termination. */
  liveOrEndMB: number
  goalMB: number | null
  stacksMB: number | null
  globalsMB: number | null
}

/**
 * Between two cycles the heap grows from the first's live heap to the second's heap at start;
 * after the last cycle it grows at the recent rate, but never past the goal (a cycle would have
 * started there).
 */
function estimateInUse(last: CycleSnapshot | undefined, following: CycleSnapshot | undefined, at: number, rateMBps: number): number {
  if (last === undefined) return following === undefined ? 0 : following.heapAtStartMB * Math.min(1, at / Math.max(following.at, 1e-9))
  const live = last.liveOrEndMB
  if (following !== undefined) {
    const span = following.at - last.at
    const share = span > 0 ? Math.min(1, Math.max(0, (at - last.at) / span)) : 1
    return live + Math.max(0, following.heapAtStartMB - live) * share
  }
  const ceiling = last.goalMB ?? live
  return Math.min(Math.max(live, ceiling), live + rateMBps * Math.max(0, at - last.at))
}

/**
 * MB/s allocated between the last two cycles (heap at start minus the previous live heap). The
 * last interval alone, not an average: a program that went idle (the last cycle periodic, two
 * minutes after the one before) allocates nothing after it, whatever it did before.
 */
function recentAllocationRate(previous: CycleSnapshot | undefined, last: CycleSnapshot | undefined): number {
  if (previous === undefined || last === undefined || last.at <= previous.at) return 0
  return Math.max(0, last.heapAtStartMB - previous.liveOrEndMB) / (last.at - previous.at)
}
