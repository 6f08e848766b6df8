// The CSV that gctrace's own recorder writes (fixtures/programs/sample-rss.mjs, `gctrace run`):
//   t_s,epoch_ms,vmrss_kb,rss_anon_kb,rss_file_kb,lazyfree_kb,anon_huge_kb
// t_s already counts seconds since the spawn, so no process start is needed; epoch_ms is the
// wall clock at write time, read a moment after /proc (it jitters by ms, by hundreds of ms under
// load), so t_s is the time used and epoch_ms only dates the run. Sizes are /proc's "kB" (KiB).
import {DelimitedRow, splitFields, type Delimiter} from './delimited.js'
import {dropReasons, sampleMessages, sampleNotes} from './messages.js'
import {type RowReader, SeriesBuilder} from './series-builder.js'
import type {RssSample, SampleOptions, SampleSeries} from './types.js'

type SizeField = 'rssKiB' | 'anonKiB' | 'fileKiB' | 'lazyFreeKiB' | 'anonHugeKiB' | 'cgroupKiB'

/** The memory columns a recording may have, and the sample field each fills. The cgroup ones are optional extras. */
export const RECORDING_COLUMNS: Readonly<Record<string, SizeField>> = {
  vmrss_kb: 'rssKiB',
  rss_anon_kb: 'anonKiB',
  rss_file_kb: 'fileKiB',
  lazyfree_kb: 'lazyFreeKiB',
  anon_huge_kb: 'anonHugeKiB',
  cgroup_kb: 'cgroupKiB',
  cgroup_current_kb: 'cgroupKiB',
  cgroup_memory_kb: 'cgroupKiB',
}
const TIME = 't_s'
const EPOCH = 'epoch_ms'

/** A header is a recording's when it has t_s and vmrss_kb. */
export function isRecordingHeader(names: readonly string[]): boolean {
  const lower = names.map((n) => n.toLowerCase())
  return lower.includes(TIME) && lower.includes('vmrss_kb')
}

/** Reads a recording a line at a time (RowReader); made with its header line. */
export class RecordingReader implements RowReader {
  private readonly names: string[]
  private readonly timeIndex: number
  private readonly epochIndex: number
  /** The first column that fills a field wins (a file with two cgroup columns reads the first). */
  private readonly sizes: {index: number; field: SizeField}[] = []
  private readonly ignored: string[] = []
  private readonly rssIndex: number
  private readonly series: SeriesBuilder
  private readonly row: DelimitedRow
  private startEpochMs: number | null = null

  constructor(
    header: string,
    delimiter: Delimiter,
    private readonly options: SampleOptions,
    private readonly name: string,
  ) {
    const names = splitFields(header, delimiter).map((n) => n.trim())
    const lower = names.map((n) => n.toLowerCase())
    this.names = names
    this.timeIndex = lower.indexOf(TIME)
    this.epochIndex = lower.indexOf(EPOCH)
    lower.forEach((n, index) => {
      const field = RECORDING_COLUMNS[n]
      if (field !== undefined && !this.sizes.some((s) => s.field === field)) this.sizes.push({index, field})
      else if (index !== this.timeIndex && index !== this.epochIndex) this.ignored.push(names[index] as string)
    })
    this.rssIndex = (this.sizes.find((s) => s.field === 'rssKiB') as {index: number}).index
    this.series = new SeriesBuilder(name, true)
    this.row = new DelimitedRow(delimiter, false)
  }

  push(line: string, lineNumber: number): void {
    const {row, series} = this
    if (line.length === 0) return
    row.set(line)
    if (row.count < this.names.length) return series.drop(dropReasons.tooFewFields)
    const at = row.number(this.timeIndex)
    if (Number.isNaN(at)) return series.drop(dropReasons.badTime)
    const epochMs = this.epochIndex < 0 ? Number.NaN : row.number(this.epochIndex)
    if (this.startEpochMs === null && Number.isFinite(epochMs - at * 1000)) this.startEpochMs = epochMs - Math.round(at * 1000)
    const rssKiB = row.number(this.rssIndex)
    if (Number.isNaN(rssKiB) || rssKiB < 0) return series.drop(dropReasons.notANumber)
    const sample: RssSample = {at, rssKiB}
    let allZero = rssKiB === 0
    for (const {index, field} of this.sizes) {
      const value = row.number(index)
      if (Number.isNaN(value)) continue
      sample[field] = value
      if (value !== 0) allZero = false
    }
    // The process had exited when this row was read: /proc gave zeros, not memory.
    if (allZero) return series.drop(dropReasons.processGone)
    if (!Number.isNaN(epochMs)) sample.epochMs = epochMs
    series.add(sample, lineNumber)
  }

  finish(): SampleSeries {
    const {series, startEpochMs, options, names, timeIndex, epochIndex} = this
    if (startEpochMs !== null) {
      series.notes.push(sampleNotes.recordingStart(startEpochMs))
      const flag = options.processStartEpochMs
      if (flag !== undefined && Math.abs(flag - startEpochMs) > 1000) series.notes.push(sampleNotes.recordingStartDiffers(Math.abs(flag - startEpochMs) / 1000))
    }
    if (this.ignored.length > 0) series.notes.push(sampleNotes.ignoredColumns(this.ignored))
    if (options.unit !== undefined && options.unit !== 'KiB') series.notes.push(sampleNotes.recordingUnitIgnored(options.unit))
    const read = [timeIndex, ...(epochIndex < 0 ? [] : [epochIndex]), ...this.sizes.map((s) => s.index)].map((index) => names[index] as string)
    return series.finish('recording-csv', read, startEpochMs, () => sampleMessages.noRows(this.name, names[timeIndex] as string, names[this.rssIndex] as string))
  }
}
