// Times in sample files, and how they are put on gctrace's clock (seconds since process start).
// A time column counts in one of a few ways, told apart by the size of its first value (the
// header only says whether a since-start count is in ms). Wall-clock times need the process start;
// without it there is no honest way to align them with the trace, so the reader refuses.
import {sampleMessages, sampleNotes} from './messages.js'
import {readNumber} from './delimited.js'
import {SampleError} from './sample-error.js'
import type {SampleOptions} from './types.js'

/** How the values of a time column count. */
export type TimeKind = 'seconds-since-start' | 'ms-since-start' | 'epoch-s' | 'epoch-ms' | 'epoch-us' | 'epoch-ns' | 'iso-8601'

/** Each kind in words, for the notes. */
export const TIME_KIND_TEXT: Record<TimeKind, string> = {
  'seconds-since-start': 'seconds since process start',
  'ms-since-start': 'milliseconds since process start',
  'epoch-s': 'wall-clock, Unix epoch seconds',
  'epoch-ms': 'wall-clock, Unix epoch milliseconds',
  'epoch-us': 'wall-clock, Unix epoch microseconds',
  'epoch-ns': 'wall-clock, Unix epoch nanoseconds',
  'iso-8601': 'wall-clock, ISO-8601',
}

// Magnitudes that separate the kinds. 1e9 s is 2001-09-09: no run lasts 31 years and no epoch
// time is that small. Each finer unit is 10³ further on. A header that says the column counts ms
// (`elapsed_ms`) makes anything below 1e12 milliseconds since start.
const EPOCH_S_FROM = 1e9
const EPOCH_MS_FROM = 1e12
const EPOCH_US_FROM = 1e15
const EPOCH_NS_FROM = 1e18

/** Times that need the process start to be placed on the trace's clock. */
export function isWallClock(kind: TimeKind): boolean {
  return kind !== 'seconds-since-start' && kind !== 'ms-since-start'
}

/**
 * How a time column counts, judged from one of its values; null when the value is not a time.
 * Throws SampleError for ISO times without a UTC offset, which would misalign by the time zone.
 */
export function classifyTime(text: string, countsMs: boolean, decimalComma: boolean, name: string, column: string): TimeKind | null {
  const value = readNumber(text, decimalComma)
  if (!Number.isNaN(value)) {
    if (value >= EPOCH_NS_FROM) return 'epoch-ns'
    if (value >= EPOCH_US_FROM) return 'epoch-us'
    if (value >= EPOCH_MS_FROM) return 'epoch-ms'
    if (countsMs) return 'ms-since-start'
    return value >= EPOCH_S_FROM ? 'epoch-s' : 'seconds-since-start'
  }
  if (!Number.isNaN(isoToEpochMs(text, true))) return 'iso-8601'
  if (!Number.isNaN(isoToEpochMs(text, false))) throw new SampleError(sampleMessages.zonelessTime(name, column, text.trim()))
  return null
}

/** One time field read as `kind` counts: seconds since start, or epoch ms for wall-clock kinds; NaN when unreadable. */
export function readTime(text: string, kind: TimeKind, decimalComma: boolean): number {
  return kind === 'iso-8601' ? isoToEpochMs(text, true) : scaleTime(readNumber(text, decimalComma), kind)
}

/** A numeric time of `kind` as seconds since start, or as epoch ms for wall-clock kinds. */
export function scaleTime(value: number, kind: Exclude<TimeKind, 'iso-8601'>): number {
  switch (kind) {
    case 'seconds-since-start':
    case 'epoch-ms':
      return value
    case 'ms-since-start':
    case 'epoch-us':
      return value / 1000
    case 'epoch-s':
      return value * 1000
    case 'epoch-ns':
      return value / 1e6
  }
}

/** The process start to place wall-clock samples with, and the note that says where it came from. */
export interface ProcessStart {
  epochMs: number
  notes: string[]
}

// Two sources of the start that disagree by more than this are worth a note.
const STARTS_DISAGREE_MS = 5000

/**
 * The process start for wall-clock samples: `--process-start` first, then the trace's wall-clock
 * prefixes. Throws SampleError naming the flag when neither is known.
 */
export function requireProcessStart(options: SampleOptions, name: string, firstEpochMs: number): ProcessStart {
  const {processStartEpochMs: flag, traceStartEpochMs: trace} = options
  if (flag !== undefined && Number.isFinite(flag)) {
    const notes = [sampleNotes.startFrom('flag', flag)]
    if (trace !== undefined && Math.abs(trace - flag) > STARTS_DISAGREE_MS) notes.push(sampleNotes.startsDisagree(Math.abs(trace - flag) / 1000))
    return {epochMs: flag, notes}
  }
  if (trace !== undefined && Number.isFinite(trace)) return {epochMs: trace, notes: [sampleNotes.startFrom('trace', trace)]}
  throw new SampleError(sampleMessages.needProcessStart(name, firstEpochMs))
}

/**
 * Epoch ms of an ISO-8601 time: `2026-11-25T18:09:13.403Z`, `2026-11-25 18:09:13+01:00`,
 * `… +0100`, `… UTC`; NaN for anything else. Without a UTC offset the time is local to some
 * unknown zone: NaN when `requireZone`, else read as UTC (only to recognise the shape).
 */
export function isoToEpochMs(raw: string, requireZone: boolean): number {
  const text = raw.trim()
  const year = digits(text, 0, 4)
  // Date.UTC maps years 0–99 onto 1900–1999; no sample is that old anyway.
  if (year < 1000) return Number.NaN
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  const hour = digits(text, 11, 2)
  const minute = digits(text, 14, 2)
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':') return Number.NaN
  const separator = text[10]
  if (separator !== 'T' && separator !== 't' && separator !== ' ') return Number.NaN
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return Number.NaN
  let i = 16
  let second = 0
  if (text[i] === ':') {
    second = digits(text, i + 1, 2)
    if (second > 60) return Number.NaN
    i += 3
  }
  let fractionMs = 0
  if (text[i] === '.' || text[i] === ',') {
    let scale = 100
    i++
    const from = i
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i) - 0x30
      if (d < 0 || d > 9) break
      fractionMs += d * scale
      scale /= 10
    }
    if (i === from) return Number.NaN
  }
  // Date.UTC is NaN when any part above was not digits.
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + fractionMs
  if (i === text.length) return requireZone ? Number.NaN : utc
  const offsetMinutes = zoneOffset(text, text[i] === ' ' ? i + 1 : i)
  return utc - offsetMinutes * 60000
}

/** Minutes east of UTC of the zone at `i` to the end: `Z`, `UTC`, `GMT`, `±HH`, `±HH:MM`, `±HHMM`; NaN otherwise. */
function zoneOffset(text: string, i: number): number {
  const rest = text.length - i
  if (rest <= 0) return Number.NaN
  const c = text[i]
  if (rest === 1 && (c === 'Z' || c === 'z')) return 0
  if (rest === 3 && (text.startsWith('UTC', i) || text.startsWith('GMT', i))) return 0
  if (c !== '+' && c !== '-') return Number.NaN
  const hours = digits(text, i + 1, 2)
  let minutes = 0
  if (rest === 6 && text[i + 3] === ':') minutes = digits(text, i + 4, 2)
  else if (rest === 5) minutes = digits(text, i + 3, 2)
  else if (rest !== 3) return Number.NaN
  if (hours > 23 || minutes > 59) return Number.NaN
  return (c === '-' ? -1 : 1) * (hours * 60 + minutes)
}

/** The decimal number in `count` digits at `from`; NaN unless all are digits. */
function digits(text: string, from: number, count: number): number {
  if (from + count > text.length) return Number.NaN
  let value = 0
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) return Number.NaN
    value = value * 10 + d
  }
  return value
}
