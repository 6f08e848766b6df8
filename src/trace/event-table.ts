// What the cycle and scavenger tables share: a row per event in a ColumnStore, with where the
// event stood (its line, the text before it, its wall-clock time), and the whole event given
// back one at a time or all at once.
import {ColumnStore, type ColumnType, type Columns, LazyFloatColumn, LazyTextColumn, offsetOf, orNull} from './columns.js'
import type {Located} from './types.js'

export abstract class EventTable<T extends Located, K extends string> implements Iterable<T> {
  protected readonly store: ColumnStore<K | 'line'>
  private readonly prefixes = new LazyTextColumn()
  private readonly wallMsColumn = new LazyFloatColumn()

  constructor(columns: {[key in K]: ColumnType}) {
    this.store = new ColumnStore({...columns, line: Uint32Array} as {[key in K | 'line']: ColumnType})
  }

  get length(): number {
    return this.store.length
  }

  /** The event at `index` (negative counts from the end, as Array.prototype.at), built anew on each call. */
  at(index: number): T | undefined {
    const row = index < 0 ? this.length + index : index
    if (row < 0 || row >= this.length) return undefined
    return this.build(row, this.store.chunkOf(row), offsetOf(row), {line: this.line(row), prefix: this.prefixes.get(row), wallMs: orNull(this.wallMsColumn.get(row))})
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as T
  }

  /** Every event as an object: for a document that lists them all (JSON) and for tests, not for analysis of a long log. */
  toArray(): T[] {
    return Array.from(this)
  }

  /** The text before the runtime output, by row, where there was any. */
  prefixRows(): Iterable<[number, string]> {
    return this.prefixes.nonEmpty()
  }

  /** 1-based input line the event starts on. */
  line(i: number): number {
    return this.store.chunkOf(i).line[offsetOf(i)] as number
  }

  /** Epoch ms of the line from the collector's timestamp; NaN without one. */
  wallMs(i: number): number {
    return this.wallMsColumn.get(i)
  }

  /** A row for `event` with where it stood; the table writes the rest into store.chunkOf(row) at offsetOf(row). */
  protected addRow(event: Located): number {
    return this.addRowAt(event.line, event.prefix, event.wallMs)
  }

  /** addRow for an event that is not an object (CycleTable.pushLine119). The row alone: an object a row cost a million of them. */
  protected addRowAt(line: number, prefix: string, wallMs: number | null): number {
    const row = this.store.addRow()
    this.store.chunkOf(row).line[offsetOf(row)] = line
    this.prefixes.push(row, prefix)
    this.wallMsColumn.push(row, wallMs)
    return row
  }

  /** The whole event of `row`, from its columns at `offset` and where it stood. */
  protected abstract build(row: number, columns: Columns<K | 'line'>, offset: number, where: Located): T
}
