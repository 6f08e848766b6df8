// The cycles of a segment, stored as columns (columns.ts): analysis reads the few fields it needs
// by index (`seconds(i)`, `liveHeapMB(i)`, …) without an object per cycle; `at(i)` and iteration
// give a whole GcCycle, built when asked for, for code that looks at a handful of cycles.
import {type Columns, offsetOf, orNull, WholeNumbers} from './columns.js'
import {EventTable} from './event-table.js'
import type {GcCycle, GcLineShape, Located, Trigger} from './types.js'

const SHAPES: readonly GcLineShape[] = ['go1.3', 'go1.4', 'go1.5', 'go1.6', 'go1.19']
const TRIGGERS: readonly Trigger[] = ['heap', 'periodic', 'user']
const GO_119 = SHAPES.indexOf('go1.19')
const FORCED = 1
const SPLICED = 2
/** Before Go 1.5 the line prints no CPU times (cpuMs null). */
const NO_CPU = 4

// MB figures are whole MiB as printed (floor), exact in a Float32 up to 16 TiB. Milliseconds are
// kept as whole microseconds: the runtime prints them with two significant digits and at most
// three decimals, or as whole ms from 10 ms (fmtNSAsMS in runtime/mgc.go), so ms × 1000 is a
// whole number; a cycle whose figures are not (made by hand) keeps them in `preciseMs`.
const COLUMNS = {
  seq: Int32Array,
  seconds: Float64Array,
  gcCpuPercent: Uint8Array,
  clockSweepTerminationUs: Uint32Array,
  clockMarkUs: Uint32Array,
  clockMarkTerminationUs: Uint32Array,
  cpuSweepTerminationUs: Uint32Array,
  cpuAssistUs: Uint32Array,
  cpuBackgroundUs: Uint32Array,
  cpuIdleUs: Uint32Array,
  cpuMarkTerminationUs: Uint32Array,
  stwUs: Uint32Array,
  heapAtStart: Int32Array,
  heapAtEnd: Int32Array,
  heapLive: Float32Array,
  goal: Float32Array,
  stacks: Float32Array,
  globals: Float32Array,
  procs: Uint16Array,
  shape: Uint8Array,
  trigger: Uint8Array,
  flags: Uint8Array,
}

type MicrosecondColumn = 'clockSweepTerminationUs' | 'clockMarkUs' | 'clockMarkTerminationUs' | 'cpuSweepTerminationUs' | 'cpuAssistUs' | 'cpuBackgroundUs' | 'cpuIdleUs' | 'cpuMarkTerminationUs' | 'stwUs'

/** Milliseconds as whole microseconds, or NaN where that would change the value. */
function microseconds(ms: number): number {
  const us = Math.round(ms * 1000)
  // -0 is not 0 (the runtime prints neither, but a value is given back as it came): 1 / -0 is
  // -Infinity. No Object.is, which V8 left a builtin call here: ~1/3 of what a row cost.
  return us / 1000 === ms && us >= 0 && us <= 0xffff_ffff && (us !== 0 || 1 / ms > 0) ? us : Number.NaN
}

type Column = keyof typeof COLUMNS | 'line'

export class CycleTable extends EventTable<GcCycle, keyof typeof COLUMNS> {
  /** Rarely set, so kept by row: the phases only Go 1.3–1.5 printed, and figures that are not whole microseconds. */
  private readonly extraPhases = new Map<number, Record<string, number>>()
  private readonly preciseMs = new Map<number, Pick<GcCycle, 'clockMs' | 'cpuMs' | 'stwMs'>>()
  /** The GC CPU % and P count are whole numbers as printed: a byte and two (WholeNumbers). */
  private readonly gcCpuPercents = new WholeNumbers(0xff)
  private readonly procsCounts = new WholeNumbers(0xffff)

  constructor() {
    super(COLUMNS)
  }

  push(cycle: GcCycle): void {
    const i = this.addRow(cycle)
    const c = this.store.chunkOf(i)
    const o = offsetOf(i)
    c.seq[o] = cycle.seq
    c.seconds[o] = cycle.at ?? Number.NaN
    c.gcCpuPercent[o] = this.gcCpuPercents.encode(i, cycle.gcCpuPercent ?? Number.NaN)
    const {clockMs, cpuMs, stwMs} = cycle
    // NaN (not whole microseconds) in a Uint32Array reads 0: such a cycle keeps its figures aside.
    // The sum of the values is NaN when any is (no closure per row to note it).
    let check = (c.clockSweepTerminationUs[o] = microseconds(clockMs.sweepTermination))
    check += c.clockMarkUs[o] = microseconds(clockMs.mark)
    check += c.clockMarkTerminationUs[o] = microseconds(clockMs.markTermination)
    check += c.stwUs[o] = microseconds(stwMs)
    if (cpuMs !== null) {
      check += c.cpuSweepTerminationUs[o] = microseconds(cpuMs.sweepTermination)
      check += c.cpuAssistUs[o] = microseconds(cpuMs.assist)
      check += c.cpuBackgroundUs[o] = microseconds(cpuMs.background)
      check += c.cpuIdleUs[o] = microseconds(cpuMs.idle)
      check += c.cpuMarkTerminationUs[o] = microseconds(cpuMs.markTermination)
    }
    if (Number.isNaN(check)) this.preciseMs.set(i, {clockMs, cpuMs, stwMs})
    c.heapAtStart[o] = cycle.heapMB.atStart
    c.heapAtEnd[o] = cycle.heapMB.atEnd
    c.heapLive[o] = cycle.heapMB.live ?? Number.NaN
    c.goal[o] = cycle.goalMB ?? Number.NaN
    c.stacks[o] = cycle.stacksMB ?? Number.NaN
    c.globals[o] = cycle.globalsMB ?? Number.NaN
    c.procs[o] = this.procsCounts.encode(i, cycle.procs)
    c.shape[o] = SHAPES.indexOf(cycle.shape)
    c.trigger[o] = TRIGGERS.indexOf(cycle.trigger)
    c.flags[o] = (cycle.forced ? FORCED : 0) | (cycle.spliced ? SPLICED : 0) | (cycle.cpuMs === null ? NO_CPU : 0)
    if (cycle.extraPhasesMs !== null) this.extraPhases.set(i, cycle.extraPhasesMs)
  }

  /**
   * The row push(cycle) writes for the cycle of a Go 1.19 gc line read on its bytes, from the
   * line's numbers in the order it prints them (gc-line.ts LINE_119_NUMBERS: seq, @s, %, three
   * clock phases, five CPU phases, the heap triple, goal, stacks, globals, P) and what the reader
   * adds (a cycle mended from a cut line is `spliced`): no object for a cycle nothing else reads.
   * A test holds the two rows equal.
   */
  pushLine119(n: Float64Array, stwMs: number, line: number, trigger: Trigger, forced: boolean, spliced: boolean): void {
    const i = this.addRowAt(line, '', null)
    const c = this.store.chunkOf(i)
    const o = offsetOf(i)
    c.seq[o] = n[0] as number
    c.seconds[o] = n[1] as number
    c.gcCpuPercent[o] = this.gcCpuPercents.encode(i, n[2] as number)
    let check = (c.clockSweepTerminationUs[o] = microseconds(n[3] as number))
    check += c.clockMarkUs[o] = microseconds(n[4] as number)
    check += c.clockMarkTerminationUs[o] = microseconds(n[5] as number)
    check += c.stwUs[o] = microseconds(stwMs)
    check += c.cpuSweepTerminationUs[o] = microseconds(n[6] as number)
    check += c.cpuAssistUs[o] = microseconds(n[7] as number)
    check += c.cpuBackgroundUs[o] = microseconds(n[8] as number)
    check += c.cpuIdleUs[o] = microseconds(n[9] as number)
    check += c.cpuMarkTerminationUs[o] = microseconds(n[10] as number)
    if (Number.isNaN(check)) {
      const clockMs = {sweepTermination: n[3] as number, mark: n[4] as number, markTermination: n[5] as number}
      const cpuMs = {sweepTermination: n[6] as number, assist: n[7] as number, background: n[8] as number, idle: n[9] as number, markTermination: n[10] as number}
      this.preciseMs.set(i, {clockMs, cpuMs, stwMs})
    }
    c.heapAtStart[o] = n[11] as number
    c.heapAtEnd[o] = n[12] as number
    c.heapLive[o] = n[13] as number
    c.goal[o] = n[14] as number
    c.stacks[o] = n[15] as number
    c.globals[o] = n[16] as number
    c.procs[o] = this.procsCounts.encode(i, n[17] as number)
    c.shape[o] = GO_119
    c.trigger[o] = TRIGGERS.indexOf(trigger)
    c.flags[o] = (forced ? FORCED : 0) | (spliced ? SPLICED : 0)
  }

  protected build(i: number, c: Columns<Column>, o: number, where: Located): GcCycle {
    const ms = (name: MicrosecondColumn) => (c[name][o] as number) / 1000
    const precise = this.preciseMs.get(i)
    return {
      kind: 'cycle',
      shape: SHAPES[c.shape[o] as number] as GcLineShape,
      seq: c.seq[o] as number,
      at: orNull(c.seconds[o] as number),
      gcCpuPercent: orNull(this.gcCpuPercents.decode(i, c.gcCpuPercent[o] as number)),
      clockMs: precise?.clockMs ?? {sweepTermination: ms('clockSweepTerminationUs'), mark: ms('clockMarkUs'), markTermination: ms('clockMarkTerminationUs')},
      cpuMs:
        precise !== undefined
          ? precise.cpuMs
          : ((c.flags[o] as number) & NO_CPU) !== 0
            ? null
            : {sweepTermination: ms('cpuSweepTerminationUs'), assist: ms('cpuAssistUs'), background: ms('cpuBackgroundUs'), idle: ms('cpuIdleUs'), markTermination: ms('cpuMarkTerminationUs')},
      extraPhasesMs: this.extraPhases.get(i) ?? null,
      stwMs: precise?.stwMs ?? ms('stwUs'),
      heapMB: {atStart: c.heapAtStart[o] as number, atEnd: c.heapAtEnd[o] as number, live: orNull(c.heapLive[o] as number)},
      goalMB: orNull(c.goal[o] as number),
      stacksMB: orNull(c.stacks[o] as number),
      globalsMB: orNull(c.globals[o] as number),
      procs: this.procsCounts.decode(i, c.procs[o] as number),
      forced: ((c.flags[o] as number) & FORCED) !== 0,
      trigger: TRIGGERS[c.trigger[o] as number] as Trigger,
      spliced: ((c.flags[o] as number) & SPLICED) !== 0,
      line: where.line,
      prefix: where.prefix,
      wallMs: where.wallMs,
    }
  }

  // Single fields by row, for loops over every cycle. A field the line did not print reads NaN.

  seq(i: number): number {
    return this.store.chunkOf(i).seq[offsetOf(i)] as number
  }

  /** `@Ns`: seconds since process start; NaN before Go 1.5. */
  seconds(i: number): number {
    return this.store.chunkOf(i).seconds[offsetOf(i)] as number
  }

  gcCpuPercent(i: number): number {
    return this.gcCpuPercents.decode(i, this.store.chunkOf(i).gcCpuPercent[offsetOf(i)] as number)
  }

  stwMs(i: number): number {
    return this.preciseMs.size > 0 && this.preciseMs.has(i) ? (this.preciseMs.get(i) as {stwMs: number}).stwMs : (this.store.chunkOf(i).stwUs[offsetOf(i)] as number) / 1000
  }

  /** STW as the table keeps it, whole microseconds; read it only when stwInWholeMicroseconds(). */
  stwUs(i: number): number {
    return this.store.chunkOf(i).stwUs[offsetOf(i)] as number
  }

  /** Whether every cycle's STW is whole microseconds, so that stwUs(i) / 1000 is stwMs(i). */
  stwInWholeMicroseconds(): boolean {
    return this.preciseMs.size === 0
  }

  heapAtStartMB(i: number): number {
    return this.store.chunkOf(i).heapAtStart[offsetOf(i)] as number
  }

  heapAtEndMB(i: number): number {
    return this.store.chunkOf(i).heapAtEnd[offsetOf(i)] as number
  }

  /** Marked live; NaN for Go 1.3/1.4. */
  liveHeapMB(i: number): number {
    return this.store.chunkOf(i).heapLive[offsetOf(i)] as number
  }

  /** The live heap, or the heap at mark termination where the era printed no live heap. */
  liveOrEndMB(i: number): number {
    const live = this.store.chunkOf(i).heapLive[offsetOf(i)] as number
    return Number.isNaN(live) ? (this.store.chunkOf(i).heapAtEnd[offsetOf(i)] as number) : live
  }

  goalMB(i: number): number {
    return this.store.chunkOf(i).goal[offsetOf(i)] as number
  }

  stacksMB(i: number): number {
    return this.store.chunkOf(i).stacks[offsetOf(i)] as number
  }

  globalsMB(i: number): number {
    return this.store.chunkOf(i).globals[offsetOf(i)] as number
  }

  trigger(i: number): Trigger {
    return TRIGGERS[this.store.chunkOf(i).trigger[offsetOf(i)] as number] as Trigger
  }

  forced(i: number): boolean {
    return ((this.store.chunkOf(i).flags[offsetOf(i)] as number) & FORCED) !== 0
  }

  /** Rows of the cycles that carry a time (`@Ns`: every cycle from Go 1.5 on), in order. */
  timedRows(): Int32Array {
    const rows = new Int32Array(this.length)
    let n = 0
    for (let i = 0; i < this.length; i++) if (!Number.isNaN(this.seconds(i))) rows[n++] = i
    return rows.subarray(0, n)
  }

  /** The first row with seq ≥ `seq` (cycle numbers only grow inside a segment), or length. */
  indexOfSeq(seq: number): number {
    let low = 0
    let high = this.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.seq(mid) < seq) low = mid + 1
      else high = mid
    }
    return low
  }
}

/** Cycles from a list: for tests and for code that builds a segment by hand. */
export function cycleTableOf(cycles: Iterable<GcCycle>): CycleTable {
  const table = new CycleTable()
  for (const cycle of cycles) table.push(cycle)
  return table
}
