// Any CSV/TSV with a header naming one time column and one memory column: a Grafana "Series joined
// by time" export, a script's own log, a spreadsheet saved with semicolons. Columns are chosen by
// their header (columns.ts), the time's kind by the first value (clock.ts); then each row is two
// fields and two numbers, so a million rows read in well under a second.
import {classifyTime, isoToEpochMs, isWallClock, readTime, requireProcessStart, scaleTime, TIME_KIND_TEXT, type TimeKind} from './clock.js'
import {BYTES_PER, countsMilliseconds, type Header, isTimeName, MEMORY_KINDS, type MemoryKind, memoryKind, memoryUnit, readHeader} from './columns.js'
import {DelimitedRow, readNumber, splitFields, type Delimiter} from './delimited.js'
import {dropReasons, sampleMessages, sampleNotes} from './messages.js'
import {SampleError} from './sample-error.js'
import {type RowReader, SeriesBuilder} from './series-builder.js'
import type {SampleOptions, SampleSeries} from './types.js'

// Rows looked at to tell what a column holds (the first ones may have empty cells).
const ROWS_TO_CLASSIFY = 20

interface Choice {
  time: number
  kind: TimeKind | null
  memory: number
  notes: string[]
}

/** What the first rows decided, for reading every row, and the series the rows go to. */
interface Reading {
  series: SeriesBuilder
  kind: TimeKind
  time: number
  memory: number
  wallClock: boolean
  /** The process start, epoch ms (0 when the times count from it). */
  start: number
  toKiB: number
  needed: number
  /** The time's and the memory's header, as the series names the columns read. */
  columns: string[]
  whenEmpty: () => string
}

/**
 * Reads a delimited file a line at a time (RowReader); made with its header line. The first
 * ROWS_TO_CLASSIFY rows are held until the columns are chosen, then read like the rest.
 */
export class GenericCsvReader implements RowReader {
  private readonly decimalComma: boolean
  private readonly headers: Header[]
  private readonly held: {line: string; lineNumber: number}[] = []
  private readonly firstRows: string[][] = []
  private reading: Reading | undefined
  private startEpochMs: number | null
  private readonly row: DelimitedRow
  private lastEpochMs = Number.NaN

  constructor(
    header: string,
    private readonly delimiter: Delimiter,
    private readonly options: SampleOptions,
    private readonly name: string,
  ) {
    this.decimalComma = delimiter === ';'
    this.headers = splitFields(header, delimiter).map((text) => readHeader(text.trim()))
    this.startEpochMs = options.processStartEpochMs ?? options.traceStartEpochMs ?? null
    this.row = new DelimitedRow(delimiter, this.decimalComma)
  }

  push(line: string, lineNumber: number): void {
    if (this.reading !== undefined) return this.readRow(this.reading, line, lineNumber)
    this.held.push({line, lineNumber})
    if (line.trim().length > 0) this.firstRows.push(splitFields(line, this.delimiter))
    if (this.firstRows.length === ROWS_TO_CLASSIFY) this.readHeld()
  }

  finish(): SampleSeries {
    if (this.reading === undefined) this.readHeld()
    const {series, wallClock, start, columns, whenEmpty} = this.reading as Reading
    const beforeStartOnly = wallClock && series.samples.length === 0 && series.dropped(dropReasons.beforeStart) > 0
    return series.finish('generic-csv', columns, this.startEpochMs, () => (beforeStartOnly ? sampleMessages.allBeforeStart(this.name, start, this.lastEpochMs) : whenEmpty()))
  }

  /** Chooses the columns from the header and the first rows, then reads the rows held. */
  private readHeld(): void {
    const {headers, firstRows, decimalComma, options, name} = this
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
    if (wallClock) {
      const start = requireProcessStart(options, name, firstTime(firstRows, choice.time, kind, decimalComma))
      this.startEpochMs = start.epochMs
      series.notes.push(...start.notes)
    }
    series.notes.push(sampleNotes.timeColumn(timeHeader.text, TIME_KIND_TEXT[kind]), ...choice.notes, sampleNotes.memoryColumn(memoryHeader.text, unit.unit, unit.why))
    if (decimalComma) series.notes.push(sampleNotes.decimalComma())
    const reading: Reading = {
      series,
      kind,
      time: choice.time,
      memory: choice.memory,
      wallClock,
      start: this.startEpochMs ?? 0,
      toKiB: BYTES_PER[unit.unit] / 1024,
      needed: Math.max(choice.time, choice.memory) + 1,
      columns: [timeHeader.text, memoryHeader.text],
      whenEmpty,
    }
    this.reading = reading
    for (const {line, lineNumber} of this.held.splice(0)) this.readRow(reading, line, lineNumber)
  }

  private readRow(reading: Reading, line: string, lineNumber: number): void {
    const {row} = this
    const {series, kind} = reading
    if (line.length === 0) return
    row.set(line)
    if (row.count < reading.needed) {
      if (line.trim().length > 0) series.drop(dropReasons.tooFewFields)
      return
    }
    const time = kind === 'iso-8601' ? isoToEpochMs(row.text(reading.time) as string, true) : scaleTime(row.number(reading.time), kind)
    // A time scaled past what a double holds (epoch seconds of 1e306) is not readable either.
    if (!Number.isFinite(time)) return series.drop(dropReasons.badTime)
    const value = row.number(reading.memory)
    if (Number.isNaN(value) || value < 0) return series.drop(dropReasons.notANumber)
    if (value === 0) return series.drop(dropReasons.processGone)
    const rssKiB = value * reading.toKiB
    // A size past what a double holds (1e305 MiB) is not a reading; one that rounds to 0 KiB is none.
    if (!Number.isFinite(rssKiB)) return series.drop(dropReasons.notANumber)
    if (rssKiB === 0) return series.drop(dropReasons.processGone)
    if (reading.wallClock) {
      series.add({at: (time - reading.start) / 1000, rssKiB, epochMs: time}, lineNumber)
      this.lastEpochMs = time
    } else series.add({at: time, rssKiB}, lineNumber)
  }
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
