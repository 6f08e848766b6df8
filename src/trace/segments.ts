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
    this.beforeCycle(numbers[0] as number, numbers[1] as number, line)
    this.open(line).cycles.pushLine119(numbers, stwMs, line, trigger, forced, spliced)
    this.note(line, 'gc', 'go1.19')
  }

  /** A `scav` line read on its bytes, as its numbers (ScavengerTable.pushScav): as add() of its event. */
  addScav(numbers: Float64Array, suffix: number, line: number, afterSeq: number | null): void {
    this.open(line).scavenger.pushScav(numbers, suffix, line, afterSeq)
    this.note(line, 'scavenger', 'scav')
  }

  private addCycle(cycle: GcCycle): void {
    this.beforeCycle(cycle.seq, cycle.at ?? Number.NaN, cycle.line)
    this.open(cycle.line).cycles.push(cycle)
    this.note(cycle.line, 'gc', cycle.shape)
  }

  /** A new segment, or a gap in this one, before the cycle `seq` at `at` seconds (NaN: none printed). */
  private beforeCycle(seq: number, at: number, line: number): void {
    const cycles = this.current?.cycles
    if (cycles === undefined || cycles.length === 0) return
    const previousSeq = cycles.seq(cycles.length - 1)
    const previousAt = cycles.seconds(cycles.length - 1)
    // NaN (no time before Go 1.5) compares false: no time went back.
    const startReason = seq <= previousSeq ? 'cycle-number-restart' : at < previousAt ? 'time-went-back' : undefined
    if (startReason !== undefined) this.startNew(line, startReason)
    else if (seq > previousSeq + 1) {
      const missing = seq - previousSeq - 1
      const segment = this.open(line)
      segment.gaps.push({afterSeq: previousSeq, beforeSeq: seq, missing, line})
      segment.lostCycles += missing
    }
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
    }
  }

  private note(line: number, kind: ShapeKind, shape: string): void {
    const segment = this.current as OpenSegment
    segment.lastLine = line
    if (segment.lastShapes[kind] === shape) return
    segment.lastShapes[kind] = shape
    segment.shapes.add(shapeKey(kind, shape))
  }
}

function withEra({shapes, lastShapes: _, ...segment}: OpenSegment): Segment {
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
