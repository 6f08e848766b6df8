// A series' samples as columns. As objects (seven optional fields, boxed doubles) a sample took
// ~140 bytes: a week of samples at 250 ms, a million of them, ~150 MB. Here the time and RSS are
// doubles and the other sizes whole KiB in 32-bit columns, each made only when a sample has that
// size (a generic CSV has none of them): ~40 bytes a sample of a recording, 16 or 24 of a generic
// CSV (24 with a wall-clock time, kept as epochMs).
import {ColumnStore, LazyFloatColumn, offsetOf, WholeNumbers} from '../trace/columns.js'
import type {RssSample} from './types.js'

/** The sizes a sample may lack. */
export type OptionalKiB = 'anonKiB' | 'fileKiB' | 'lazyFreeKiB' | 'anonHugeKiB' | 'cgroupKiB'
const OPTIONAL_KIB: readonly OptionalKiB[] = ['anonKiB', 'fileKiB', 'lazyFreeKiB', 'anonHugeKiB', 'cgroupKiB']

/** Samples in the order pushed; `at(i)` gives back the sample pushed `i`-th, absent sizes absent. */
export class SampleColumns implements Iterable<RssSample> {
  private readonly times = new ColumnStore({at: Float64Array, rssKiB: Float64Array})
  private readonly epochMs = new LazyFloatColumn(Float64Array)
  private readonly sizes = Object.fromEntries(OPTIONAL_KIB.map((field) => [field, new LazyKiBColumn()])) as Record<OptionalKiB, LazyKiBColumn>

  /** The samples, in the order given. */
  static from(samples: Iterable<RssSample>): SampleColumns {
    const columns = new SampleColumns()
    for (const sample of samples) columns.push(sample)
    return columns
  }

  get length(): number {
    return this.times.length
  }

  /** Adds a sample. A size that is NaN reads back as absent: the readers never keep one. */
  push(sample: RssSample): void {
    const row = this.times.addRow()
    const chunk = this.times.chunkOf(row)
    chunk.at[offsetOf(row)] = sample.at
    chunk.rssKiB[offsetOf(row)] = sample.rssKiB
    this.epochMs.push(row, sample.epochMs ?? null)
    for (const field of OPTIONAL_KIB) this.sizes[field].push(row, sample[field])
  }

  /** The first and the last sample's times; null when there are no samples. */
  span(): {first: number; last: number} | null {
    return this.length === 0 ? null : {first: this.seconds(0), last: this.seconds(this.length - 1)}
  }

  /** Sample `i`'s time: seconds since process start. */
  seconds(i: number): number {
    return this.times.chunkOf(i).at[offsetOf(i)] as number
  }

  rssKiB(i: number): number {
    return this.times.chunkOf(i).rssKiB[offsetOf(i)] as number
  }

  /** One of the sizes a sample may lack; undefined where sample `i` has none. */
  sizeKiB(field: OptionalKiB, i: number): number | undefined {
    return this.sizes[field].get(i)
  }

  /** Whether any sample has `field`. */
  has(field: OptionalKiB): boolean {
    return this.sizes[field].filled
  }

  /** Sample `i` as an object (a new one on each call). */
  at(i: number): RssSample {
    const sample: RssSample = {at: this.seconds(i), rssKiB: this.rssKiB(i)}
    for (const field of OPTIONAL_KIB) {
      const value = this.sizes[field].get(i)
      if (value !== undefined) sample[field] = value
    }
    const epochMs = this.epochMs.get(i)
    if (!Number.isNaN(epochMs)) sample.epochMs = epochMs
    return sample
  }

  *[Symbol.iterator](): Iterator<RssSample> {
    for (let i = 0; i < this.length; i++) yield this.at(i)
  }

  /** The samples in time order; samples at the same time keep their order. */
  sortedByTime(): SampleColumns {
    const order = Array.from({length: this.length}, (_, i) => i).sort((a, b) => this.seconds(a) - this.seconds(b))
    const sorted = new SampleColumns()
    for (const i of order) sorted.push(this.at(i))
    return sorted
  }
}

/** Whole KiB by row in a 32-bit column (anything else kept aside exactly), no memory until the first value. */
class LazyKiBColumn {
  private store: ColumnStore<'value'> | undefined
  private readonly whole = new WholeNumbers(0xffff_ffff)

  /** Whether any row has a value. */
  get filled(): boolean {
    return this.store !== undefined
  }

  /** The value of the next row (rows come in order, one call each). */
  push(row: number, value: number | undefined): void {
    if (this.store === undefined) {
      if (value === undefined || Number.isNaN(value)) return
      this.store = new ColumnStore({value: Uint32Array})
      while (this.store.length < row) this.set(this.store.addRow(), Number.NaN)
    }
    this.set(this.store.addRow(), value ?? Number.NaN)
  }

  get(row: number): number | undefined {
    if (this.store === undefined) return undefined
    const value = this.whole.decode(row, this.store.chunkOf(row).value[offsetOf(row)] as number)
    return Number.isNaN(value) ? undefined : value
  }

  private set(row: number, value: number): void {
    ;(this.store as ColumnStore<'value'>).chunkOf(row).value[offsetOf(row)] = this.whole.encode(row, value)
  }
}
