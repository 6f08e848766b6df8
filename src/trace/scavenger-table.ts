// The scavenger reports of a segment, stored as columns like its cycles (cycle-table.ts): a
// scavtrace=1 log has about one report per cycle.
import {type Columns, LazyFloatColumn, offsetOf, orNull, WholeNumbers} from './columns.js'
import {EventTable} from './event-table.js'
import type {Located, ScavengerReport, ScavengerShape} from './types.js'

const SHAPES: readonly ScavengerShape[] = ['scvg', 'scvg-1.13', 'scav', 'scav-gen', 'scav-1.21']
const SCAV = SHAPES.indexOf('scav')
const FORCED = 1
const CONTROLLER_RESET = 2
const SPLICED = 4

// KiB figures, the util % and the cycle number before the report are whole numbers, kept in
// integer columns (WholeNumbers: up to 4 TiB of KiB; anything else kept aside exactly). What
// only some releases print is kept in lazy columns (columns.ts): a Go 1.19 log pays for none of
// them. About 20 bytes a Go 1.19 report, with its line number.
const COLUMNS = {
  shape: Uint8Array,
  releasedKiB: Uint32Array,
  totalReleasedKiB: Uint32Array,
  utilPercent: Uint8Array,
  flags: Uint8Array,
  afterSeq: Uint32Array,
}

type Column = keyof typeof COLUMNS | 'line'

export class ScavengerTable extends EventTable<ScavengerReport, keyof typeof COLUMNS> {
  /** scvgN / scav G (Go ≤1.12, 1.15–1.18), the eager part (1.21+), the scvg summary in MB (Go ≤1.13). */
  private readonly generation = new LazyFloatColumn(Float32Array)
  private readonly eagerKiB = new LazyFloatColumn()
  private readonly inuseMB = new LazyFloatColumn(Float32Array)
  private readonly idleMB = new LazyFloatColumn(Float32Array)
  private readonly sysMB = new LazyFloatColumn(Float32Array)
  private readonly consumedMBColumn = new LazyFloatColumn(Float32Array)
  private readonly releasedKiBs = new WholeNumbers(0xffff_ffff)
  private readonly totalReleasedKiBs = new WholeNumbers(0xffff_ffff)
  private readonly utilPercents = new WholeNumbers(0xff)
  private readonly afterSeqs = new WholeNumbers(0xffff_ffff)

  constructor() {
    super(COLUMNS)
  }

  push(report: ScavengerReport): void {
    const i = this.addRow(report)
    const c = this.store.chunkOf(i)
    const o = offsetOf(i)
    c.shape[o] = SHAPES.indexOf(report.shape)
    this.generation.push(i, report.generation)
    c.releasedKiB[o] = this.releasedKiBs.encode(i, report.releasedKiB ?? Number.NaN)
    this.eagerKiB.push(i, report.eagerKiB)
    c.totalReleasedKiB[o] = this.totalReleasedKiBs.encode(i, report.totalReleasedKiB ?? Number.NaN)
    c.utilPercent[o] = this.utilPercents.encode(i, report.utilPercent ?? Number.NaN)
    this.inuseMB.push(i, report.inuseMB)
    this.idleMB.push(i, report.idleMB)
    this.sysMB.push(i, report.sysMB)
    this.consumedMBColumn.push(i, report.consumedMB)
    c.flags[o] = (report.forced ? FORCED : 0) | (report.controllerReset ? CONTROLLER_RESET : 0) | (report.spliced ? SPLICED : 0)
    c.afterSeq[o] = this.afterSeqs.encode(i, report.afterSeq ?? Number.NaN)
  }

  /**
   * The row push(report) writes for a Go 1.14 / 1.19–1.20 `scav` line read on its bytes, from its
   * numbers (scavenger-line.ts SCAV_LINE_NUMBERS: work, total, util), its suffix (-1 none, 0
   * ` (forced)`, 1 ` [controller reset]`) and what the reader adds: no object for a report nothing
   * else reads. A test holds the two rows equal.
   */
  pushScav(n: Float64Array, suffix: number, line: number, afterSeq: number | null): void {
    const i = this.addRowAt(line, '', null)
    const c = this.store.chunkOf(i)
    const o = offsetOf(i)
    c.shape[o] = SCAV
    // The lazy columns (generation, eager, the MB summary) read NaN at a row not pushed.
    c.releasedKiB[o] = this.releasedKiBs.encode(i, n[0] as number)
    c.totalReleasedKiB[o] = this.totalReleasedKiBs.encode(i, n[1] as number)
    c.utilPercent[o] = this.utilPercents.encode(i, n[2] as number)
    c.flags[o] = suffix === 0 ? FORCED : suffix === 1 ? CONTROLLER_RESET : 0
    c.afterSeq[o] = this.afterSeqs.encode(i, afterSeq ?? Number.NaN)
  }

  protected build(i: number, c: Columns<Column>, o: number, where: Located): ScavengerReport {
    const flags = c.flags[o] as number
    return {
      kind: 'scavenger',
      shape: SHAPES[c.shape[o] as number] as ScavengerShape,
      generation: orNull(this.generation.get(i)),
      releasedKiB: orNull(this.releasedKiBs.decode(i, c.releasedKiB[o] as number)),
      eagerKiB: orNull(this.eagerKiB.get(i)),
      totalReleasedKiB: orNull(this.totalReleasedKiBs.decode(i, c.totalReleasedKiB[o] as number)),
      utilPercent: orNull(this.utilPercents.decode(i, c.utilPercent[o] as number)),
      inuseMB: orNull(this.inuseMB.get(i)),
      idleMB: orNull(this.idleMB.get(i)),
      sysMB: orNull(this.sysMB.get(i)),
      consumedMB: orNull(this.consumedMBColumn.get(i)),
      forced: (flags & FORCED) !== 0,
      controllerReset: (flags & CONTROLLER_RESET) !== 0,
      afterSeq: orNull(this.afterSeqs.decode(i, c.afterSeq[o] as number)),
      spliced: (flags & SPLICED) !== 0,
      line: where.line,
      prefix: where.prefix,
      wallMs: where.wallMs,
    }
  }

  // Single fields by row for loops over every report; NaN where the line printed none.

  releasedKiB(i: number): number {
    return this.releasedKiBs.decode(i, this.store.chunkOf(i).releasedKiB[offsetOf(i)] as number)
  }

  /** HeapReleased after the report, KiB. */
  totalReleasedKiB(i: number): number {
    return this.totalReleasedKiBs.decode(i, this.store.chunkOf(i).totalReleasedKiB[offsetOf(i)] as number)
  }

  consumedMB(i: number): number {
    return this.consumedMBColumn.get(i)
  }

  forced(i: number): boolean {
    return ((this.store.chunkOf(i).flags[offsetOf(i)] as number) & FORCED) !== 0
  }

  /** The last cycle number printed before the report. */
  afterSeq(i: number): number {
    return this.afterSeqs.decode(i, this.store.chunkOf(i).afterSeq[offsetOf(i)] as number)
  }
}

/** Reports from a list: for tests and code that builds a segment by hand. */
export function scavengerTableOf(reports: Iterable<ScavengerReport>): ScavengerTable {
  const table = new ScavengerTable()
  for (const report of reports) table.push(report)
  return table
}
