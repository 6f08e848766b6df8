// Typed-array columns, one row per event. A week of a busy service's log is millions of cycles
// and scavenger reports; as objects each cycle cost ~0.9 KB (nested objects, boxed doubles), as
// columns ~80 B — memory follows the number of cycles at a price that fits.
//
// Rows live in chunks of CHUNK_ROWS: a full chunk is never copied or resized, so growing a
// table never holds two copies of it (growing one array by half at a million rows did, and
// that copy was the peak of the whole run). The first chunk starts small and doubles up to
// CHUNK_ROWS, so that a log with thousands of short segments does not pay a chunk for each.

type ColumnArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array
export type ColumnType = {new (length: number): ColumnArray}

/** One chunk's typed arrays, by column name: every chunk the same shape, so a column read is one property load. */
export type Columns<K extends string> = {[key in K]: ColumnArray}

const CHUNK_BITS = 14
const CHUNK_ROWS = 1 << CHUNK_BITS
const ROW_MASK = CHUNK_ROWS - 1
const FIRST_CHUNK_ROWS = 64

/** Where `row` sits in its chunk's arrays (see ColumnStore.chunkOf). */
export const offsetOf = (row: number): number => row & ROW_MASK

/**
 * Rows in chunked typed arrays. Float columns start as NaN, which the tables read as "not
 * printed" (null); integer columns hold only values every event has.
 */
export class ColumnStore<K extends string> {
  length = 0
  /** Rows the last chunk has room for. */
  private lastChunkRows = 0
  private readonly chunks: Columns<K>[] = []

  constructor(private readonly types: {[key in K]: ColumnType}) {}

  /** Room for one more row; returns its index. */
  addRow(): number {
    const row = this.length
    const offset = offsetOf(row)
    if (offset >= this.lastChunkRows || (offset === 0 && row > 0)) this.grow(row)
    this.length++
    return row
  }

  /** The columns of the chunk that holds `row`; index them with offsetOf(row). */
  chunkOf(row: number): Columns<K> {
    return this.chunks[row >>> CHUNK_BITS] as Columns<K>
  }

  private grow(row: number): void {
    const index = row >>> CHUNK_BITS
    // A new full chunk past the first; the first doubles until it is full-sized.
    const rows = index > 0 ? CHUNK_ROWS : Math.min(CHUNK_ROWS, Math.max(FIRST_CHUNK_ROWS, this.lastChunkRows * 2))
    const old = this.chunks[index]
    const chunk = {} as Columns<K>
    for (const name of Object.keys(this.types) as K[]) {
      const column = new this.types[name](rows)
      if (column instanceof Float64Array || column instanceof Float32Array) column.fill(Number.NaN)
      if (old !== undefined) column.set(old[name])
      chunk[name] = column
    }
    this.chunks[index] = chunk
    this.lastChunkRows = rows
  }
}

/**
 * Whole numbers in an unsigned integer column (Uint8Array, Uint16Array, Uint32Array) a quarter or
 * an eighth the size of a double: the runtime prints these figures as whole numbers (KiB, %, P,
 * cycle numbers). The column's two largest values mark "not printed" (NaN) and "kept aside": a
 * value that does not fit — a fraction, a negative, too large for the column, −0 — is kept exactly
 * by row in a map, so every value reads back as it was pushed.
 */
export class WholeNumbers {
  private readonly aside = new Map<number, number>()
  private readonly missing: number
  private readonly asideMark: number

  /** `top`: the column's largest value (0xff, 0xffff, 0xffff_ffff). */
  constructor(top: number) {
    this.missing = top
    this.asideMark = top - 1
  }

  /** What to store at `row` for `value`. */
  encode(row: number, value: number): number {
    if (Number.isNaN(value)) return this.missing
    if (Number.isInteger(value) && value >= 0 && value < this.asideMark && !Object.is(value, -0)) return value
    this.aside.set(row, value)
    return this.asideMark
  }

  /** The value pushed for `row`, from what the column holds there. */
  decode(row: number, stored: number): number {
    if (stored < this.asideMark) return stored
    return stored === this.missing ? Number.NaN : (this.aside.get(row) as number)
  }
}

/**
 * A float column most logs never fill (a collector's wall-clock time, the fields only some Go
 * releases print): no memory at all until the first value comes, then a column like the others,
 * NaN for the rows before it.
 */
export class LazyFloatColumn {
  private store: ColumnStore<'value'> | undefined

  /** Float32Array for whole numbers below 2^24 (MB figures), Float64Array otherwise. */
  constructor(private readonly type: typeof Float64Array | typeof Float32Array = Float64Array) {}

  /** The value of the next row (rows come in order, one call each). */
  push(row: number, value: number | null): void {
    if (this.store === undefined) {
      if (value === null) return
      this.store = new ColumnStore({value: this.type})
      while (this.store.length < row) this.store.addRow()
    }
    const index = this.store.addRow()
    this.store.chunkOf(index).value[offsetOf(index)] = value ?? Number.NaN
  }

  get(row: number): number {
    return this.store === undefined ? Number.NaN : (this.store.chunkOf(row).value[offsetOf(row)] as number)
  }
}

/**
 * Text by row, for a column most logs never fill (the text before runtime output on a line): no
 * memory until the first non-empty text, then its UTF-8 bytes in shared buffers and where each
 * row's bytes are. A line's text is a slice of the chunk it was read from, and keeping the slice
 * would keep the whole chunk: a log with a timestamp before every gc line would stay in memory.
 */
export class LazyTextColumn {
  private rows: ColumnStore<'buffer' | 'start' | 'length'> | undefined
  private readonly buffers: Buffer[] = []
  private used = 0

  /** The text of the next row (rows come in order, one call each). */
  push(row: number, text: string): void {
    if (this.rows === undefined) {
      if (text === '') return
      this.rows = new ColumnStore({buffer: Uint32Array, start: Uint32Array, length: Uint32Array})
      while (this.rows.length < row) this.rows.addRow()
    }
    const index = this.rows.addRow()
    if (text === '') return
    const bytes = Buffer.byteLength(text)
    let buffer = this.buffers.at(-1)
    if (buffer === undefined || this.used + bytes > buffer.length) {
      // Small at first, doubling up to TEXT_BUFFER_BYTES: a log of many short runs (segments) with
      // a prefix on each line must not pay a full buffer per run.
      const size = buffer === undefined ? FIRST_TEXT_BUFFER_BYTES : Math.min(TEXT_BUFFER_BYTES, buffer.length * 2)
      buffer = Buffer.allocUnsafe(Math.max(size, bytes))
      this.buffers.push(buffer)
      this.used = 0
    }
    buffer.write(text, this.used)
    const c = this.rows.chunkOf(index)
    const o = offsetOf(index)
    c.buffer[o] = this.buffers.length - 1
    c.start[o] = this.used
    c.length[o] = bytes
    this.used += bytes
  }

  get(row: number): string {
    if (this.rows === undefined) return ''
    const c = this.rows.chunkOf(row)
    const o = offsetOf(row)
    const length = c.length[o] as number
    if (length === 0) return ''
    const start = c.start[o] as number
    return (this.buffers[c.buffer[o] as number] as Buffer).toString('utf8', start, start + length)
  }

  /** Rows with text, in order, and their text. */
  *nonEmpty(): Generator<[number, string]> {
    if (this.rows === undefined) return
    for (let row = 0; row < this.rows.length; row++) {
      const text = this.get(row)
      if (text !== '') yield [row, text]
    }
  }
}

const FIRST_TEXT_BUFFER_BYTES = 4 << 10
const TEXT_BUFFER_BYTES = 1 << 20

/**
 * A copy of `text` that shares no memory with the line it came from (see LazyTextColumn): for
 * the few texts kept whole (unrecognized lines, pacer lines' prefixes).
 */
export function detachedText(text: string): string {
  return text.length === 0 ? text : Buffer.from(text, 'utf8').toString('utf8')
}

/** A float column's value as the event types say it: null where the line printed none. */
export function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value
}
