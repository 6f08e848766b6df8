// Groups runtime events into segments: one per run of a process. A run ends where the cycle
// number or the clock goes back (a restart, another process's output, `go run` tracing the go
// tool first); inside a run, skipped cycle numbers are lost cycles.
import {CycleTable} from './cycle-table.js'
import {guessGoEra, type GoEra} from './go-era.js'
import {PacerTable} from './pacer-table.js'
import {ScavengerTable} from './scavenger-table.js'
import type {NumberRows} from './read-events.js'
import type {GcCycle, TraceEvent, Trigger} from './types.js'

export type SegmentStart = 'input-start' | 'cycle-number-restart' | 'time-went-back'

export interface CycleGap {
  /** Last cycle number before the gap, and the first after it. */
  afterSeq: number
  beforeSeq: number
  missing: number
  /** Input line of the cycle after the gap. */
  line: number
}

export interface Segment {
  index: number
  startReason: SegmentStart
  goEra: GoEra
  firstLine: number
  lastLine: number
  cycles: CycleTable
  scavenger: ScavengerTable
  pacer: PacerTable
  periodicNotices: number
  gaps: CycleGap[]
  lostCycles: number
}

interface OpenSegment extends Omit<Segment, 'goEra'> {
  shapes: Set<string>
  /** The shape last noted of each kind: a segment's lines are nearly always one shape each. */
  lastShapes: Record<ShapeKind, string | undefined>
  /**
   * The last cycle's number as its Int32 column holds it (ToInt32), and its time; NaN before the
   * first cycle. Kept rather than read back from the table for every cycle.
   */
  lastSeq: number
  lastAt: number
}

type ShapeKind = keyof typeof SHAPE_KEYS

export class SegmentCollector implements NumberRows {
  private readonly closed: OpenSegment[] = []
  private current: OpenSegment | undefined

  add(event: TraceEvent): void {
    switch (event.kind) {
      case 'cycle':
        this.addCycle(event)
        return
      case 'scavenger':
        this.open(event.line).scavenger.push(event)
        this.note(event.line, 'scavenger', event.shape)
        return
      case 'pacer':
        this.open(event.line).pacer.push(event)
        this.note(event.line, 'pacer', event.shape)
        return
      case 'periodic-notice':
        this.open(event.line).periodicNotices++
        this.note(event.line, 'periodic', '')
        return
      default:
    }
  }

  finish(): Segment[] {
    if (this.current !== undefined) this.closed.push(this.current)
    this.current = undefined
    return this.closed.map(withEra)
  }

  /**
   * The segments so far, while events still come (the live status analyses them as they grow).
   * They share their tables with the collector: read them before the next event is added.
   */
  snapshot(): Segment[] {
    return [...this.closed, ...(this.current === undefined ? [] : [this.current])].map(withEra)
  }

  /**
   * The cycle of a Go 1.19 gc line read on its bytes, as its numbers (CycleTable.pushLine119): as
   * add() of its event, for a reader that made none.
   */
  addLine119(numbers: Float64Array, stwMs: number, line: number, trigger: Trigger, forced: boolean, spliced: boolean): void {
    const segment = this.segmentOfCycle(numbers[0] as number, numbers[1] as number, line)
    segment.cycles.pushLine119(numbers, stwMs, line, trigger, forced, spliced)
    // note(), with the kind's last shape read by name: a keyed read was ~1/3 of this layer's cost.
    segment.lastLine = line
    if (segment.lastShapes.gc !== 'go1.19') this.noteShape(segment, 'gc', 'go1.19')
  }

  /** A `scav` line read on its bytes, as its numbers (ScavengerTable.pushScav): as add() of its event. */
  addScav(numbers: Float64Array, suffix: number, line: number, afterSeq: number | null): void {
    const segment = this.open(line)
    segment.scavenger.pushScav(numbers, suffix, line, afterSeq)
    segment.lastLine = line
    if (segment.lastShapes.scavenger !== 'scav') this.noteShape(segment, 'scavenger', 'scav')
  }

  private addCycle(cycle: GcCycle): void {
    this.segmentOfCycle(cycle.seq, cycle.at ?? Number.NaN, cycle.line).cycles.push(cycle)
    this.note(cycle.line, 'gc', cycle.shape)
  }

  /**
   * The segment of the cycle `seq` at `at` seconds (NaN: none printed): a new one where the run
   * restarted, with a gap noted where cycles are missing.
   */
  private segmentOfCycle(seq: number, at: number, line: number): OpenSegment {
    const segment = this.open(line)
    const previousSeq = segment.lastSeq
    // No cycle before (lastSeq NaN) and no time (NaN, before Go 1.5) compare false.
    if (seq <= previousSeq || at < segment.lastAt) this.startNew(line, seq <= previousSeq ? 'cycle-number-restart' : 'time-went-back')
    else if (seq > previousSeq + 1) {
      const missing = seq - previousSeq - 1
      segment.gaps.push({afterSeq: previousSeq, beforeSeq: seq, missing, line})
      segment.lostCycles += missing
    }
    const current = this.current as OpenSegment
    current.lastSeq = seq | 0
    current.lastAt = at
    return current
  }

  private open(line: number): OpenSegment {
    if (this.current === undefined) this.startNew(line, this.closed.length === 0 ? 'input-start' : 'cycle-number-restart')
    return this.current as OpenSegment
  }

  private startNew(line: number, startReason: SegmentStart): void {
    // Scavenger or pacer lines that came before a restart's first cycle still count to the old run.
    if (this.current !== undefined) this.closed.push(this.current)
    this.current = {
      index: this.closed.length,
      startReason,
      firstLine: line,
      lastLine: line,
      cycles: new CycleTable(),
      scavenger: new ScavengerTable(),
      pacer: new PacerTable(),
      periodicNotices: 0,
      gaps: [],
      lostCycles: 0,
      shapes: new Set(),
      lastShapes: {gc: undefined, scavenger: undefined, pacer: undefined, periodic: undefined},
      lastSeq: Number.NaN,
      lastAt: Number.NaN,
    }
  }

  private note(line: number, kind: ShapeKind, shape: string): void {
    const segment = this.current as OpenSegment
    segment.lastLine = line
    if (segment.lastShapes[kind] !== shape) this.noteShape(segment, kind, shape)
  }

  private noteShape(segment: OpenSegment, kind: ShapeKind, shape: string): void {
    segment.lastShapes[kind] = shape
    segment.shapes.add(shapeKey(kind, shape))
  }
}

function withEra({shapes, lastShapes: _, lastSeq: _seq, lastAt: _at, ...segment}: OpenSegment): Segment {
  return {...segment, gaps: [...segment.gaps], goEra: guessGoEra(shapes)}
}

/** `gc go1.19`, `scavenger scav`, `periodic`: one string per line shape, made once rather than per event. */
const SHAPE_KEYS = {gc: new Map<string, string>(), scavenger: new Map<string, string>(), pacer: new Map<string, string>(), periodic: new Map([['', 'periodic']])}
function shapeKey(kind: ShapeKind, shape: string): string {
  const keys = SHAPE_KEYS[kind]
  let key = keys.get(shape)
  if (key === undefined) {
    key = `${kind} ${shape}`
    keys.set(shape, key)
  }
  return key
}
