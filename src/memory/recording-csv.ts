// The CSV that gctrace's own recorder writes (fixtures/programs/sample-rss.mjs, `gctrace run`):
//   t_s,epoch_ms,vmrss_kb,rss_anon_kb,rss_file_kb,lazyfree_kb,anon_huge_kb
// t_s already counts seconds since the spawn, so no process start is needed; epoch_ms is the
// wall clock at write time, read a moment after /proc (it jitters by ms, by hundreds of ms under
// load), so t_s is the time used and epoch_ms only dates the run. Sizes are /proc's "kB" (KiB).
import {DelimitedRow, splitFields, type Delimiter} from './delimited.js'
import {dropReasons, sampleMessages, sampleNotes} from './messages.js'
import {SeriesBuilder} from './series-builder.js'
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

/** Reads a recording from its lines; `headerIndex` is the header's 0-based line. */
export function parseRecordingCsv(lines: readonly string[], headerIndex: number, delimiter: Delimiter, options: SampleOptions, name: string): SampleSeries {
  const names = splitFields(lines[headerIndex] as string, delimiter).map((n) => n.trim())
  const lower = names.map((n) => n.toLowerCase())
  const timeIndex = lower.indexOf(TIME)
  const epochIndex = lower.indexOf(EPOCH)
  // The first column that fills a field wins (a file with two cgroup columns reads the first).
  const sizes: {index: number; field: SizeField}[] = []
  const ignored: string[] = []
  lower.forEach((n, index) => {
    const field = RECORDING_COLUMNS[n]
    if (field !== undefined && !sizes.some((s) => s.field === field)) sizes.push({index, field})
    else if (index !== timeIndex && index !== epochIndex) ignored.push(names[index] as string)
  })
  const rss = sizes.find((s) => s.field === 'rssKiB') as {index: number}

  const series = new SeriesBuilder(name, true)
  const row = new DelimitedRow(delimiter, false)
  let startEpochMs: number | null = null
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.length === 0) continue
    row.set(line)
    if (row.count < names.length) {
      series.drop(dropReasons.tooFewFields)
      continue
    }
    const at = row.number(timeIndex)
    if (Number.isNaN(at)) {
      series.drop(dropReasons.badTime)
      continue
    }
    const epochMs = epochIndex < 0 ? Number.NaN : row.number(epochIndex)
    if (startEpochMs === null && Number.isFinite(epochMs - at * 1000)) startEpochMs = epochMs - Math.round(at * 1000)
    const rssKiB = row.number(rss.index)
    if (Number.isNaN(rssKiB) || rssKiB < 0) {
      series.drop(dropReasons.notANumber)
      continue
    }
    const sample: RssSample = {at, rssKiB}
    let allZero = rssKiB === 0
    for (const {index, field} of sizes) {
      const value = row.number(index)
      if (Number.isNaN(value)) continue
      sample[field] = value
      if (value !== 0) allZero = false
    }
    // The process had exited when this row was read: /proc gave zeros, not memory.
    if (allZero) {
      series.drop(dropReasons.processGone)
      continue
    }
    if (!Number.isNaN(epochMs)) sample.epochMs = epochMs
    series.add(sample, i + 1)
  }

  if (startEpochMs !== null) {
    series.notes.push(sampleNotes.recordingStart(startEpochMs))
    const flag = options.processStartEpochMs
    if (flag !== undefined && Math.abs(flag - startEpochMs) > 1000) series.notes.push(sampleNotes.recordingStartDiffers(Math.abs(flag - startEpochMs) / 1000))
  }
  if (ignored.length > 0) series.notes.push(sampleNotes.ignoredColumns(ignored))
  if (options.unit !== undefined && options.unit !== 'KiB') series.notes.push(sampleNotes.recordingUnitIgnored(options.unit))
  const read = [timeIndex, ...(epochIndex < 0 ? [] : [epochIndex]), ...sizes.map((s) => s.index)].map((index) => names[index] as string)
  return series.finish('recording-csv', read, startEpochMs, () => sampleMessages.noRows(name, names[timeIndex] as string, names[rss.index] as string))
}
