// Log collectors' envelopes, taken off: what the collector stored → the program's stderr lines as
// Go wrote them, each with its wall-clock time.
//
//   batches of raw lines ─► detectLogFormat (first non-empty lines) ─► Envelope reader per line
//                          (or --format)                                │ strips the envelope,
//                                                                       │ joins partials
//                          ◄── {lines, wallMs: Float64Array (NaN where none)} ──┘
//
// The runtime text must stand at the start of each line, because the trace stage mends gc lines
// that other output cut apart by joining the next line's text: a timestamp left on a continuation
// line would break that. A line that does not have the detected envelope is kept whole, as
// program output, and counted (LogReading.malformed).
//
// Speed (a week of logs): JSON formats cost one JSON.parse per line; the text formats are read
// with indexOf/charCodeAt and one slice per line for the text — no regexp, no match arrays; times
// are computed from their digits (formats/times.ts), never through Date. Plain input passes
// through with no per-line work at all.
import {InputError} from '../errors.js'
import {cri} from './formats/cri.js'
import {dockerJson} from './formats/docker-json.js'
import type {Envelope, LineSink} from './formats/envelope.js'
import {journaldJson, type JournaldJsonState, journaldShort, type JournaldState} from './formats/journald.js'
import {logFormatMessages} from './formats/messages.js'
import {rfc3339Prefix} from './formats/rfc3339-prefix.js'

export type LogFormat = 'plain' | 'docker-json' | 'cri' | 'rfc3339' | 'journald-short' | 'journald-json'

/** Every format, in the order detection prefers them when several fit equally (the more specific first). */
export const LOG_FORMATS: readonly LogFormat[] = ['docker-json', 'journald-json', 'cri', 'journald-short', 'rfc3339', 'plain']

/** Lines with their wall-clock times (epoch ms; NaN where a line has none); wallMs is null when no line has one. */
export interface LogBatch {
  lines: string[]
  wallMs: Float64Array | null
}

/** What reading one file found out: its format and what unwrapping did. */
export interface LogReading {
  /** Null until the first lines were read. */
  format: LogFormat | null
  /** Given with --format rather than detected. */
  forced: boolean
  /** Raw lines read (before partials were joined). */
  rawLines: number
  /** Lines without the format's envelope, kept whole as program output. */
  malformed: number
  firstMalformedLine: number | null
  /** Partial pieces joined onto the line they continue (Docker, CRI). */
  piecesJoined: number
  /** The year assumed for journalctl's yearless short times; null when none was. */
  yearAssumed: number | null
  /** journald JSON: how many processes (_PID) the messages came from; null otherwise. */
  processes: number | null
}

export interface UnwrapOptions {
  /** What to call the input in messages. */
  name?: string
  /** The year of journalctl's yearless `short` times (e.g. from --process-start). */
  year?: number | undefined
  /** Filled in as the input is read: the format, and what was done. */
  reading?: LogReading
  /** Now, epoch ms (tests): the fallback year of yearless times. */
  nowMs?: number
}

/** Non-empty lines that detection looks at. */
export const DETECTION_LINES = 20

export function createLogReading(): LogReading {
  return {format: null, forced: false, rawLines: 0, malformed: 0, firstMalformedLine: null, piecesJoined: 0, yearAssumed: null, processes: null}
}

/** The envelope of each format (plain has none). */
function envelopeOf(format: Exclude<LogFormat, 'plain'>, options: UnwrapOptions, journald: JournaldState, journaldPids: JournaldJsonState): Envelope {
  switch (format) {
    case 'docker-json':
      return dockerJson
    case 'cri':
      return cri
    case 'rfc3339':
      return rfc3339Prefix
    case 'journald-short':
      return journaldShort({year: options.year, ...(options.nowMs === undefined ? {} : {nowMs: options.nowMs})}, journald)
    case 'journald-json':
      return journaldJson(journaldPids)
  }
}

/**
 * The format of a file from its first non-empty lines: the one whose envelope most of them have
 * (more than half), the more specific on a tie (CRI lines also start with an RFC 3339 time);
 * plain when none does.
 */
export function detectLogFormat(lines: readonly string[]): LogFormat {
  const sample = nonEmpty(lines, DETECTION_LINES).map((s) => s.text)
  if (sample.length === 0) return 'plain'
  let best: LogFormat = 'plain'
  let bestCount = 0
  for (const format of LOG_FORMATS) {
    if (format === 'plain') continue
    const envelope = envelopeOf(format, {}, {yearAssumed: null}, {pids: new Set()})
    let count = 0
    for (const line of sample) if (envelope.matches(line)) count++
    if (count * 2 > sample.length && count > bestCount) {
      best = format
      bestCount = count
    }
  }
  return best
}

/**
 * The program's lines out of a collector's log, pushed one raw line at a time (a live pipe) and
 * taken in batches. The format is detected from the first non-empty lines unless `format`
 * forces one: lines are held until there are enough of them (or the input ends). A forced
 * format that most of those lines do not have throws InputError naming the first that does not.
 */
export class LogUnwrapper {
  readonly reading: LogReading
  private readonly name: string
  private held: string[] | undefined = []
  private nonEmptyHeld = 0
  private reader: ReturnType<Envelope['createReader']> | undefined
  private readonly journald: JournaldState = {yearAssumed: null}
  private readonly pids: JournaldJsonState = {pids: new Set()}
  private readonly out = new BatchSink()
  private plain: string[] = []

  constructor(
    private readonly format: LogFormat | undefined,
    private readonly options: UnwrapOptions = {},
  ) {
    this.reading = options.reading ?? createLogReading()
    this.name = options.name ?? 'input'
  }

  /** The format is decided, it is plain, and nothing is waiting to be taken. */
  get isPlain(): boolean {
    return this.held === undefined && this.reader === undefined && this.plain.length === 0
  }

  /** The next raw lines; what is ready of the unwrapped lines, or null. */
  pushBatch(batch: string[]): LogBatch | null {
    // Plain text, once known to be plain, goes on in the batches it came in: no per-line work.
    if (this.isPlain) {
      this.reading.rawLines += batch.length
      return {lines: batch, wallMs: null}
    }
    for (const line of batch) this.push(line)
    return this.take()
  }

  /** The next raw line (without its line terminator). */
  push(line: string): void {
    if (this.held !== undefined) {
      this.held.push(line)
      if (line.length > 0 && ++this.nonEmptyHeld >= DETECTION_LINES) this.choose()
      return
    }
    this.unwrap(line)
  }

  /** The lines unwrapped so far, with their times; null when there are none yet. */
  take(): LogBatch | null {
    if (this.reading.format === 'plain') {
      if (this.plain.length === 0) return null
      const lines = this.plain
      this.plain = []
      return {lines, wallMs: null}
    }
    this.settle()
    return this.out.size > 0 ? this.out.take() : null
  }

  /** End of input: decides the format if it was still open, and gives back a partial still held. */
  end(): LogBatch | null {
    if (this.held !== undefined) this.choose()
    this.reader?.end(this.out)
    return this.take()
  }

  private choose(): void {
    const held = this.held ?? []
    this.held = undefined
    const chosen = this.format ?? detectLogFormat(held)
    if (this.format !== undefined) checkForcedFormat(held, this.format, this.name, this.options)
    this.reading.format = chosen
    this.reading.forced = this.format !== undefined
    if (chosen !== 'plain') this.reader = envelopeOf(chosen, this.options, this.journald, this.pids).createReader()
    for (const line of held) this.unwrap(line)
  }

  private unwrap(line: string): void {
    this.reading.rawLines++
    if (this.reader === undefined) {
      // Plain text passes through untouched.
      this.plain.push(line)
      return
    }
    if (line.length === 0) this.out.push(line, Number.NaN)
    else if (!this.reader.read(line, this.out)) {
      this.out.push(line, Number.NaN)
      this.reading.malformed++
      this.reading.firstMalformedLine ??= this.reading.rawLines
    }
  }

  private settle(): void {
    if (this.reader === undefined) return
    this.reading.piecesJoined = this.reader.piecesJoined
    this.reading.yearAssumed = this.journald.yearAssumed
    if (this.reading.format === 'journald-json') this.reading.processes = this.pids.pids.size
  }
}

/** Notes for the user on what unwrapping did, one sentence each ([] for plain input read cleanly). */
export function readingNotes(reading: LogReading): string[] {
  const notes: string[] = []
  if (reading.format === null) return notes
  if (reading.malformed > 0 && reading.firstMalformedLine !== null) notes.push(logFormatMessages.malformed(reading.malformed, reading.format, reading.firstMalformedLine))
  if (reading.piecesJoined > 0) notes.push(logFormatMessages.piecesJoined(reading.piecesJoined))
  if (reading.yearAssumed !== null) notes.push(logFormatMessages.yearAssumed(reading.yearAssumed))
  if (reading.processes !== null && reading.processes > 1) notes.push(logFormatMessages.severalProcesses(reading.processes))
  return notes
}

/** A --format the file's first lines mostly do not have: InputError naming the first that does not. */
function checkForcedFormat(held: readonly string[], format: LogFormat, name: string, options: UnwrapOptions): void {
  if (format === 'plain') return
  const envelope = envelopeOf(format, options, {yearAssumed: null}, {pids: new Set()})
  const sample = nonEmpty(held, DETECTION_LINES)
  const misfits = sample.filter((s) => !envelope.matches(s.text))
  const first = misfits[0]
  if (first !== undefined && misfits.length * 2 >= sample.length) throw new InputError(logFormatMessages.notThatFormat(name, first.line, format, first.text))
}

/** The first `max` non-empty lines, with their 1-based line numbers. */
function nonEmpty(lines: readonly string[], max: number): {line: number; text: string}[] {
  const found: {line: number; text: string}[] = []
  for (let i = 0; i < lines.length && found.length < max; i++) {
    const text = lines[i] as string
    if (text.length > 0) found.push({line: i + 1, text})
  }
  return found
}

/** Collects unwrapped lines and their times into one batch. */
class BatchSink implements LineSink {
  private lines: string[] = []
  private times: number[] = []

  get size(): number {
    return this.lines.length
  }

  push(text: string, wallMs: number): void {
    this.lines.push(text)
    this.times.push(wallMs)
  }

  take(): LogBatch {
    const batch = {lines: this.lines, wallMs: Float64Array.from(this.times)}
    this.lines = []
    this.times = []
    return batch
  }
}
