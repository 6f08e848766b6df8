// Any CSV/TSV with a header naming one time column and one memory column: a Grafana "Series joined
// by time" export, a script's own log, a spreadsheet saved with semicolons. Columns are chosen by
// their header (columns.ts), the time's kind by the first value (clock.ts); then each row is two
// fields and two numbers, so a million rows read in well under a second.
import {classifyTime, isoToEpochMs, isWallClock, readTime, requireProcessStart, scaleTime, TIME_KIND_TEXT, type TimeKind} from './clock.js'
import {BYTES_PER, countsMilliseconds, type Header, isTimeName, MEMORY_KINDS, type MemoryKind, memoryKind, memoryUnit, readHeader} from './columns.js'
import {DelimitedRow, readNumber, splitFields, type Delimiter} from './delimited.js'
import {dropReasons, sampleMessages, sampleNotes} from './messages.js'
import {SampleError} from './sample-error.js'
import {SeriesBuilder} from './series-builder.js'
import type {RssSample, SampleOptions, SampleSeries} from './types.js'

// Rows looked at to tell what a column holds (the first ones may have empty cells).
const ROWS_TO_CLASSIFY = 20

interface Choice {
  time: number
  kind: TimeKind | null
  memory: number
  notes: string[]
}

/** Reads a delimited file from its lines; `headerIndex` is the header's 0-based line. */
export function parseGenericCsv(lines: readonly string[], headerIndex: number, delimiter: Delimiter, options: SampleOptions, name: string): SampleSeries {
  const decimalComma = delimiter === ';'
  const headers = splitFields(lines[headerIndex] as string, delimiter).map((text) => readHeader(text.trim()))
  const firstRows: string[][] = []
  for (let i = headerIndex + 1; i < lines.length && firstRows.length < ROWS_TO_CLASSIFY; i++) {
    if ((lines[i] as string).trim().length > 0) firstRows.push(splitFields(lines[i] as string, delimiter))
  }
  if (headers.every((h) => looksLikeValue(h.text, decimalComma))) throw new SampleError(sampleMessages.noHeader(name))

  const choice = chooseColumns(headers, firstRows, decimalComma, name)
  const timeHeader = headers[choice.time] as Header
  const memoryHeader = headers[choice.memory] as Header
  const unit = memoryUnit(memoryHeader, options.unit)
  if (unit === null) throw new SampleError(sampleMessages.unknownUnit(name, memoryHeader.text))
  const kind = choice.kind
  const whenEmpty = () => sampleMessages.noRows(name, timeHeader.text, memoryHeader.text)
  if (kind === null) throw new SampleError(whenEmpty())

  const wallClock = isWallClock(kind)
  const series = new SeriesBuilder(name, !wallClock)
  let startEpochMs: number | null = options.processStartEpochMs ?? options.traceStartEpochMs ?? null
  if (wallClock) {
    const start = requireProcessStart(options, name, firstTime(firstRows, choice.time, kind, decimalComma))
    startEpochMs = start.epochMs
    series.notes.push(...start.notes)
  }
  series.notes.push(sampleNotes.timeColumn(timeHeader.text, TIME_KIND_TEXT[kind]), ...choice.notes, sampleNotes.memoryColumn(memoryHeader.text, unit.unit, unit.why))
  if (decimalComma) series.notes.push(sampleNotes.decimalComma())

  const toKiB = BYTES_PER[unit.unit] / 1024
  const start = startEpochMs ?? 0
  const row = new DelimitedRow(delimiter, decimalComma)
  const needed = Math.max(choice.time, choice.memory) + 1
  let lastEpochMs = Number.NaN
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.length === 0) continue
    row.set(line)
    if (row.count < needed) {
      if (line.trim().length > 0) series.drop(dropReasons.tooFewFields)
      continue
    }
    const time = kind === 'iso-8601' ? isoToEpochMs(row.text(choice.time) as string, true) : scaleTime(row.number(choice.time), kind)
    // A time scaled past what a double holds (epoch seconds of 1e306) is not readable either.
    if (!Number.isFinite(time)) {
      series.drop(dropReasons.badTime)
      continue
    }
    const value = row.number(choice.memory)
    if (Number.isNaN(value) || value < 0) {
      series.drop(dropReasons.notANumber)
      continue
    }
    if (value === 0) {
      series.drop(dropReasons.processGone)
      continue
    }
    const rssKiB = value * toKiB
    // A size past what a double holds (1e305 MiB) is not a reading; one that rounds to 0 KiB is none.
    if (!Number.isFinite(rssKiB)) {
      series.drop(dropReasons.notANumber)
      continue
    }
    if (rssKiB === 0) {
      series.drop(dropReasons.processGone)
      continue
    }
    let sample: RssSample
    if (wallClock) {
      sample = {at: (time - start) / 1000, rssKiB, epochMs: time}
      lastEpochMs = time
    } else sample = {at: time, rssKiB}
    series.add(sample, i + 1)
  }
  const beforeStartOnly = wallClock && series.samples.length === 0 && series.dropped(dropReasons.beforeStart) > 0
  return series.finish('generic-csv', [timeHeader.text, memoryHeader.text], startEpochMs, () =>
    beforeStartOnly ? sampleMessages.allBeforeStart(name, start, lastEpochMs) : whenEmpty(),
  )
}

/**
 * The memory column (the best kind; the first of equals) and the time column (a time-named one,
 * preferring seconds since start, which need no process start; else the first column whose values
 * are wall-clock times).
 */
function chooseColumns(headers: readonly Header[], rows: readonly string[][], decimalComma: boolean, name: string): Choice {
  const notes: string[] = []
  const texts = headers.map((h) => h.text)
  const kinds = headers.map(memoryKind)
  const candidates = headers
    .map((_, index) => index)
    .filter((index) => kinds[index] !== null)
    .sort((a, b) => MEMORY_KINDS.indexOf(kinds[a] as MemoryKind) - MEMORY_KINDS.indexOf(kinds[b] as MemoryKind) || a - b)
  const timeNamed = headers.map((_, index) => index).filter((index) => isTimeName(headers[index] as Header) && kinds[index] === null)

  let memory = candidates[0]
  if (memory === undefined) {
    if (headers.length === 2 && timeNamed.length === 1) {
      memory = timeNamed[0] === 0 ? 1 : 0
      notes.push(sampleNotes.memoryColumnGuessed(texts[memory] as string))
    } else if (timeNamed.length === 0) throw new SampleError(sampleMessages.unknownFormat(name))
    else throw new SampleError(sampleMessages.noMemoryColumn(name, texts))
  } else if (candidates.length > 1) {
    notes.push(sampleNotes.memoryColumnChosen(texts[memory] as string, kinds[memory] as string, candidates.slice(1).map((i) => texts[i] as string)))
  }

  const classify = (index: number): TimeKind | null => {
    const header = headers[index] as Header
    for (const row of rows) {
      const text = row[index]
      if (text !== undefined && text.trim().length > 0) return classifyTime(text, countsMilliseconds(header), decimalComma, name, header.text)
    }
    return null
  }
  if (timeNamed.length > 0) {
    // A since-start column needs no process start; otherwise the first time-named column. A zone-less
    // ISO column only fails when it is the one chosen.
    const classified: {index: number; kind: TimeKind | null; error?: unknown}[] = timeNamed.map((index) => {
      try {
        return {index, kind: classify(index)}
      } catch (error) {
        return {index, kind: null, error}
      }
    })
    const chosen = classified.find((c) => c.kind !== null && !isWallClock(c.kind)) ?? classified.find((c) => c.kind !== null) ?? (classified[0] as (typeof classified)[0])
    if (chosen.error !== undefined) throw chosen.error
    return {time: chosen.index, kind: chosen.kind, memory, notes}
  }
  // A column not named like a time is the time only when its values could be nothing else:
  // wall-clock times. A small number could be anything (a pid, a count).
  for (const index of headers.keys()) {
    if (index === memory) continue
    const kind = classify(index)
    if (kind !== null && isWallClock(kind)) {
      notes.push(sampleNotes.timeColumnGuessed(texts[index] as string, TIME_KIND_TEXT[kind]))
      return {time: index, kind, memory, notes}
    }
  }
  throw new SampleError(sampleMessages.noTimeColumn(name, texts))
}

/** The first readable time of the column, as epoch ms, for the "needs a process start" message. */
function firstTime(rows: readonly string[][], column: number, kind: TimeKind, decimalComma: boolean): number {
  for (const row of rows) {
    const time = readTime(row[column] ?? '', kind, decimalComma)
    if (!Number.isNaN(time)) return time
  }
  return Number.NaN
}

/** A header field that is a number or a date is data: the file has no header. */
function looksLikeValue(text: string, decimalComma: boolean): boolean {
  return !Number.isNaN(readNumber(text, decimalComma)) || (text.length >= 16 && text[4] === '-' && text[7] === '-')
}
