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
    // A whole number in range, not -0 (1 / -0 is -Infinity); no Number.isInteger and Object.is,
    // which V8 left builtin calls in the tables' row writers.
    if (value >= 0 && value < this.asideMark && Math.floor(value) === value && (value !== 0 || 1 / value > 0)) return value
    if (Number.isNaN(value)) return this.missing
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
 * NaN for the rows before it. A row with no value is written only when a later row's value comes
 * (NaN, as grow fills it), so a table's rows need not push null to each such column.
 */
export class LazyFloatColumn {
  private store: ColumnStore<'value'> | undefined

  /** Float32Array for whole numbers below 2^24 (MB figures), Float64Array otherwise. */
  constructor(private readonly type: typeof Float64Array | typeof Float32Array = Float64Array) {}

  /** The value of `row`; null, or no call, for none (rows come in order, at most one call each). */
  push(row: number, value: number | null): void {
    if (value === null) return
    if (this.store === undefined) this.store = new ColumnStore({value: this.type})
    while (this.store.length < row) this.store.addRow()
    const index = this.store.addRow()
    this.store.chunkOf(index).value[offsetOf(index)] = value
  }

  get(row: number): number {
    return this.store === undefined || row >= this.store.length ? Number.NaN : (this.store.chunkOf(row).value[offsetOf(row)] as number)
  }
}

/**
 * Text by row, for a column most logs never fill (the text before runtime output on a line): no
 * memory until the first non-empty text, then its UTF-8 bytes in shared buffers. A line's text is
 * a slice of the chunk it was read from, and keeping the slice would keep the whole chunk: a log
 * with a timestamp before every gc line would stay in memory.
 *
 * Such a text is nearly always a stamp that differs from the row before only in its last
 * characters (`Nov 25 18:45:24.123456 `, then `Nov 25 18:45:24.125018 `): each row keeps how many
 * leading bytes it shares with the row before (up to 255) and only the bytes after them, two
 * bytes of index a row. Every GROUP_ROWS-th row is kept whole, and a group's bytes lie together
 * in one buffer, so a row is rebuilt from at most GROUP_ROWS − 1 rows before it (and rows read in
 * order, as the JSON document and the report read them, one from the last). Kept whole with a
 * 12-byte index, the stamps of a stamped 1 M-cycle log took ~70 MB (docs/benchmarks.md).
 */
export class LazyTextColumn {
  /** By row: leading bytes shared with the row before; bytes after them (LONG: see longRests). */
  private rows: ColumnStore<'shared' | 'rest'> | undefined
  /** By group of GROUP_ROWS rows: the buffer and offset where its bytes start. */
  private groups: ColumnStore<'buffer' | 'start'> | undefined
  private readonly longRests = new Map<number, number>()
  private readonly buffers: Buffer[] = []
  private used = 0
  /** Where the last group's bytes start in the last buffer. */
  private groupStart = 0
  /** The last row's bytes, which the next row's are compared with; and the next row's. */
  private last = Buffer.allocUnsafe(64)
  private lastLength = 0
  private next = Buffer.allocUnsafe(64)
  /** The row get() rebuilt last, its bytes in `rebuilt`, and where the bytes after it start. */
  private rebuilt = Buffer.allocUnsafe(64)
  private rebuiltRow = -1
  private rebuiltLength = 0
  private rebuiltEnd = 0

  /**
   * The text of `row` (rows come in order, at most one call each). An empty text is appended
   * only when a later row's text comes, so a row with none need not call this.
   */
  push(row: number, text: string): void {
    if (text === '') return
    if (this.rows === undefined) {
      this.rows = new ColumnStore({shared: Uint8Array, rest: Uint8Array})
      this.groups = new ColumnStore({buffer: Uint32Array, start: Uint32Array})
    }
    while (this.rows.length < row) this.append(0)
    const length = Buffer.byteLength(text)
    if (this.next.length < length) this.next = Buffer.allocUnsafe(Math.max(length, this.next.length * 2))
    this.next.write(text, 0)
    this.append(length)
  }

  /** A row whose bytes are next[0, length). */
  private append(length: number): void {
    const rows = this.rows as ColumnStore<'shared' | 'rest'>
    const groups = this.groups as ColumnStore<'buffer' | 'start'>
    const row = rows.addRow()
    const opensGroup = (row & GROUP_MASK) === 0
    const next = this.next
    const last = this.last
    let shared = 0
    if (!opensGroup) {
      const most = Math.min(length, this.lastLength, MAX_SHARED)
      while (shared < most && next[shared] === last[shared]) shared++
    }
    const rest = length - shared
    let buffer = this.buffers.at(-1)
    if (buffer === undefined || this.used + rest > buffer.length) {
      // A group's bytes stay in one buffer: those of the group so far move to the new one.
      const carried = opensGroup || buffer === undefined ? 0 : this.used - this.groupStart
      // Small at first, doubling up to TEXT_BUFFER_BYTES: a log of many short runs (segments) with
      // a prefix on each line must not pay a full buffer per run.
      const size = buffer === undefined ? FIRST_TEXT_BUFFER_BYTES : Math.min(TEXT_BUFFER_BYTES, buffer.length * 2)
      const fresh = Buffer.allocUnsafe(Math.max(size, rest + carried))
      if (carried > 0) (buffer as Buffer).copy(fresh, 0, this.groupStart, this.used)
      this.buffers.push(fresh)
      buffer = fresh
      this.used = carried
      if (!opensGroup) {
        // The group's bytes moved: a row rebuilt from them must be found again.
        this.rebuiltRow = -1
        this.placeGroup(groups.length - 1, 0)
      }
    }
    if (opensGroup) this.placeGroup(groups.addRow(), this.used)
    for (let i = 0; i < rest; i++) buffer[this.used + i] = next[shared + i] as number
    this.used += rest
    const c = rows.chunkOf(row)
    const o = offsetOf(row)
    c.shared[o] = shared
    c.rest[o] = rest < LONG ? rest : LONG
    if (rest >= LONG) this.longRests.set(row, rest)
    this.next = last
    this.last = next
    this.lastLength = length
  }

  /** The group's bytes start at `start` in the last buffer. */
  private placeGroup(group: number, start: number): void {
    const groups = this.groups as ColumnStore<'buffer' | 'start'>
    groups.chunkOf(group).buffer[offsetOf(group)] = this.buffers.length - 1
    groups.chunkOf(group).start[offsetOf(group)] = start
    this.groupStart = start
  }

  get(row: number): string {
    if (this.rows === undefined || row >= this.rows.length) return ''
    this.rebuild(row)
    return this.rebuiltLength === 0 ? '' : this.rebuilt.toString('utf8', 0, this.rebuiltLength)
  }

  /** Rebuilds `row`'s bytes in `rebuilt`: on from the row rebuilt last when it is the one before in the same group, else from its group's first row. */
  private rebuild(row: number): void {
    const rows = this.rows as ColumnStore<'shared' | 'rest'>
    const group = row >>> GROUP_BITS
    const place = (this.groups as ColumnStore<'buffer' | 'start'>).chunkOf(group)
    const buffer = this.buffers[place.buffer[offsetOf(group)] as number] as Buffer
    let from = group << GROUP_BITS
    let at = place.start[offsetOf(group)] as number
    if (this.rebuiltRow >= from && this.rebuiltRow <= row) {
      from = this.rebuiltRow + 1
      at = this.rebuiltEnd
    }
    for (let r = from; r <= row; r++) {
      const c = rows.chunkOf(r)
      const o = offsetOf(r)
      const shared = c.shared[o] as number
      let rest = c.rest[o] as number
      if (rest === LONG) rest = this.longRests.get(r) as number
      if (this.rebuilt.length < shared + rest) {
        const larger = Buffer.allocUnsafe(Math.max(shared + rest, this.rebuilt.length * 2))
        this.rebuilt.copy(larger, 0, 0, shared)
        this.rebuilt = larger
      }
      for (let i = 0; i < rest; i++) this.rebuilt[shared + i] = buffer[at + i] as number
      at += rest
      this.rebuiltLength = shared + rest
    }
    this.rebuiltRow = row
    this.rebuiltEnd = at
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

/** Rows a group: a row is rebuilt from at most this many before it. */
const GROUP_BITS = 5
const GROUP_MASK = (1 << GROUP_BITS) - 1
/** Leading bytes a row can share with the one before (its Uint8 column). */
const MAX_SHARED = 0xff
/** A row's `rest` at this value or more is kept in longRests. */
const LONG = 0xff
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
