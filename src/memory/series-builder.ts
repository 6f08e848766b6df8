// Collects one file's samples in reading order, with what was dropped and why, and finishes them
// into a SampleSeries in time order. The rule for time going backwards lives here, once:
// - seconds since start going back means a second process in the same file (the count restarted),
//   and interleaving two runs would misalign both, so it is an error naming the line;
// - wall-clock times going back are only an export's row order (some tools write newest first),
//   so the samples are sorted and a note says how many rows were out of order.
import {dropReasons, sampleMessages, sampleNotes} from './messages.js'
import {SampleError} from './sample-error.js'
import {SampleColumns} from './sample-columns.js'
import type {RssSample, SampleFormat, SampleSeries} from './types.js'

/** What reads one format's rows, a line at a time, once its header told the format. */
export interface RowReader {
  /** The next line (without its line end); `lineNumber` counts from 1 at the file's first line. */
  push(line: string, lineNumber: number): void
  /** The series; throws SampleError when no sample was kept. */
  finish(): SampleSeries
}

/** Gathers one file's samples, drops and notes; `finish` hands them on as a SampleSeries. */
export class SeriesBuilder {
  samples = new SampleColumns()
  readonly notes: string[] = []
  private readonly dropCounts = new Map<string, number>()
  private outOfOrder = 0
  private latestAt = Number.NEGATIVE_INFINITY

  /** `sinceStart`: the file counts time since the process start itself (see above). */
  constructor(
    private readonly name: string,
    private readonly sinceStart: boolean,
  ) {}

  /** Counts a row left out, by reason. */
  drop(reason: string): void {
    this.dropCounts.set(reason, (this.dropCounts.get(reason) ?? 0) + 1)
  }

  /** How many rows were dropped for `reason` so far. */
  dropped(reason: string): number {
    return this.dropCounts.get(reason) ?? 0
  }

  /** Adds a sample read from 1-based line `line`; a sample before the process start is dropped. */
  add(sample: RssSample, line: number): void {
    if (sample.at < 0) {
      this.drop(dropReasons.beforeStart)
      return
    }
    if (sample.at < this.latestAt) {
      if (this.sinceStart) throw new SampleError(sampleMessages.timeBackwards(this.name, line, this.latestAt, sample.at))
      this.outOfOrder++
    } else this.latestAt = sample.at
    this.samples.push(sample)
  }

  /** The finished series; throws SampleError with `whenEmpty()` when no sample was kept. */
  finish(format: SampleFormat, columns: string[], startEpochMs: number | null, whenEmpty: () => string): SampleSeries {
    if (this.samples.length === 0) throw new SampleError(whenEmpty())
    if (this.outOfOrder > 0) {
      this.samples = this.samples.sortedByTime()
      this.notes.push(sampleNotes.sorted(this.outOfOrder))
    }
    const dropped = [...this.dropCounts].map(([reason, count]) => ({count, reason}))
    return {format, samples: this.samples, dropped, columns, startEpochMs, notes: this.notes}
  }
}
