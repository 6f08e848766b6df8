// The gcpacertrace=1 lines of a segment, stored as columns like its cycles (cycle-table.ts). The
// pacer prints two lines a cycle from Go 1.18 (one before: assist ratio; one after: CPU and scan
// work), so a week of such a log is millions of them: as objects (a record of up to eleven
// boxed doubles each) they were the largest thing a long log kept, and filled Node's heap first.
//
// Which figures a line printed depends on its form and release (`mark-end` lines name their
// own), so each row keeps the list of its value names — one of a few, kept once — and its values
// in a shared pool of doubles, in the order the line printed them.
import {type Columns, ColumnStore, offsetOf, orNull, WholeNumbers} from './columns.js'
import {EventTable} from './event-table.js'
import type {Located, PacerLine, PacerShape} from './types.js'

const SHAPES: readonly PacerShape[] = ['cpu', 'assist-ratio', 'mark-end', 'sweep-done']
const SPLICED = 1

const COLUMNS = {
  shape: Uint8Array,
  flags: Uint8Array,
  afterSeq: Uint32Array,
  /** Index into the table's list of value-name lists. */
  names: Uint32Array,
  /** Where the row's values start in the pool. */
  valuesAt: Uint32Array,
}

type Column = keyof typeof COLUMNS | 'line'

export class PacerTable extends EventTable<PacerLine, keyof typeof COLUMNS> {
  private readonly afterSeqs = new WholeNumbers(0xffff_ffff)
  private readonly nameLists: string[][] = []
  private readonly nameListIds = new Map<string, number>()
  /** By form (SHAPES' index): the id of the names its last line printed. */
  private readonly lastNameListIds: number[] = []
  /** Every row's values, one after another: a one-column store, a row per value. */
  private readonly pool = new ColumnStore({value: Float64Array})

  constructor() {
    super(COLUMNS)
  }

  push(line: PacerLine): void {
    const i = this.addRow(line)
    const c = this.store.chunkOf(i)
    const o = offsetOf(i)
    const shape = SHAPES.indexOf(line.shape)
    c.shape[o] = shape
    c.flags[o] = line.spliced ? SPLICED : 0
    c.afterSeq[o] = this.afterSeqs.encode(i, line.afterSeq ?? Number.NaN)
    const names = Object.keys(line.values)
    c.names[o] = this.nameListId(shape, names)
    c.valuesAt[o] = this.pool.length
    for (const name of names) {
      const at = this.pool.addRow()
      this.pool.chunkOf(at).value[offsetOf(at)] = line.values[name] as number
    }
  }

  protected build(i: number, c: Columns<Column>, o: number, where: Located): PacerLine {
    const names = this.nameLists[c.names[o] as number] as string[]
    const at = c.valuesAt[o] as number
    const values: Record<string, number> = {}
    names.forEach((name, k) => (values[name] = this.pool.chunkOf(at + k).value[offsetOf(at + k)] as number))
    return {
      kind: 'pacer',
      shape: SHAPES[c.shape[o] as number] as PacerShape,
      values,
      afterSeq: orNull(this.afterSeqs.decode(i, c.afterSeq[o] as number)),
      spliced: ((c.flags[o] as number) & SPLICED) !== 0,
      line: where.line,
      prefix: where.prefix,
      wallMs: where.wallMs,
    }
  }

  private nameListId(shape: number, names: string[]): number {
    // A form prints the same names line after line (the pacer alternates two forms from Go 1.18),
    // so the list is nearly always its form's last one: told so by comparing the names, without
    // joining them into a key, one string a line.
    const lastId = this.lastNameListIds[shape] ?? -1
    const last = this.nameLists[lastId]
    if (last !== undefined && last.length === names.length && last.every((name, k) => name === names[k])) return lastId
    // NUL cannot be in a name the grammar reads (letters, `_`, `/`, Delta), so the joined names identify the list.
    const key = names.join('\u0000')
    let id = this.nameListIds.get(key)
    if (id === undefined) {
      id = this.nameLists.length
      this.nameLists.push(names)
      this.nameListIds.set(key, id)
    }
    this.lastNameListIds[shape] = id
    return id
  }
}

/** Pacer lines from a list: for tests and code that builds a segment by hand. */
export function pacerTableOf(lines: Iterable<PacerLine>): PacerTable {
  const table = new PacerTable()
  for (const line of lines) table.push(line)
  return table
}
