// The timestamps log collectors put on lines, read in place: digits by charCodeAt, dates by
// integer arithmetic (no Date object, no substring, no regexp). Times are epoch milliseconds,
// whole: digits below the millisecond (Docker's and CRI's nanoseconds, journald's µs) are dropped.

const MS_PER_DAY = 86_400_000

/**
 * Epoch ms of an RFC 3339 time in `text[from, to)`: `2024-01-01T00:00:00[.fraction](Z|±HH:MM|±HHMM)`
 * — Docker's and CRI's nanoseconds, kubectl's trimmed RFC3339Nano, journald's short-iso `+0000`.
 * NaN for anything else.
 */
export function readRfc3339(text: string, from: number, to: number): number {
  if (to - from < 20) return Number.NaN
  const year = digitsAt(text, from, 4)
  const month = digitsAt(text, from + 5, 2)
  const day = digitsAt(text, from + 8, 2)
  const hour = digitsAt(text, from + 11, 2)
  const minute = digitsAt(text, from + 14, 2)
  const second = digitsAt(text, from + 17, 2)
  const t = text.charCodeAt(from + 10)
  if (
    text.charCodeAt(from + 4) !== 0x2d ||
    text.charCodeAt(from + 7) !== 0x2d ||
    (t !== 0x54 && t !== 0x74) ||
    text.charCodeAt(from + 13) !== 0x3a ||
    text.charCodeAt(from + 16) !== 0x3a
  )
    return Number.NaN
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return Number.NaN
  let i = from + 19
  const [fractionMs, afterFraction] = readFraction(text, i, to)
  if (Number.isNaN(fractionMs)) return Number.NaN
  i = afterFraction
  const offset = readZone(text, i, to)
  if (Number.isNaN(offset)) return Number.NaN
  return epochMsOf(year, month, day, hour, minute, second) + fractionMs - offset * 60_000
}

const MONTHS: Record<string, number> = {Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12}

/** A syslog-style time without year or zone (journalctl `-o short` / `short-precise`): fields, or null. */
export interface SyslogTime {
  month: number
  /** Milliseconds into the month's day 1 at 00:00 (day − 1, time of day, fraction). */
  msInMonth: number
  /** Index just past the time (at the space before the host name). */
  end: number
}

/** `Jan 01 00:00:00[.123456]` (or `Jan  1 …`) at the start of `text`; null otherwise. */
export function readSyslogTime(text: string): SyslogTime | null {
  if (text.length < 15 || text.charCodeAt(3) !== 0x20) return null
  const month = MONTHS[text.slice(0, 3)]
  if (month === undefined) return null
  const day = text.charCodeAt(4) === 0x20 ? digitsAt(text, 5, 1) : digitsAt(text, 4, 2)
  const hour = digitsAt(text, 7, 2)
  const minute = digitsAt(text, 10, 2)
  const second = digitsAt(text, 13, 2)
  if (text.charCodeAt(6) !== 0x20 || text.charCodeAt(9) !== 0x3a || text.charCodeAt(12) !== 0x3a) return null
  if (!(day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return null
  const [fractionMs, end] = readFraction(text, 15, text.length)
  if (Number.isNaN(fractionMs)) return null
  return {month, msInMonth: (day - 1) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + fractionMs, end}
}

/** Epoch ms of 00:00 UTC on the first day of `month` (1–12) of `year`. */
export function monthStartMs(year: number, month: number): number {
  return epochMsOf(year, month, 1, 0, 0, 0)
}

/** Epoch ms of a UTC calendar time, by days-from-civil (proleptic Gregorian). */
function epochMsOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  const days = era * 146_097 + dayOfEra - 719_468
  return days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000
}

/** `.ddd…` at `i` as whole ms (digits past the third ignored), and the index after it; [0, i] when none. */
function readFraction(text: string, i: number, to: number): [number, number] {
  const c = text.charCodeAt(i)
  if (i >= to || (c !== 0x2e && c !== 0x2c)) return [0, i]
  let ms = 0
  let scale = 100
  let j = i + 1
  for (; j < to; j++) {
    const d = text.charCodeAt(j) - 0x30
    if (d < 0 || d > 9) break
    if (scale >= 1) ms += d * scale
    scale /= 10
  }
  return j === i + 1 ? [Number.NaN, j] : [ms, j]
}

/** Minutes east of UTC of the zone filling `text[i, to)`: `Z`, `±HH:MM`, `±HHMM`; NaN otherwise. */
function readZone(text: string, i: number, to: number): number {
  const rest = to - i
  const c = text.charCodeAt(i)
  if (rest === 1 && (c === 0x5a || c === 0x7a)) return 0
  if (c !== 0x2b && c !== 0x2d) return Number.NaN
  let minutes: number
  if (rest === 6 && text.charCodeAt(i + 3) === 0x3a) minutes = digitsAt(text, i + 4, 2)
  else if (rest === 5) minutes = digitsAt(text, i + 3, 2)
  else return Number.NaN
  const hours = digitsAt(text, i + 1, 2)
  if (!(hours <= 23 && minutes <= 59)) return Number.NaN
  return (c === 0x2d ? -1 : 1) * (hours * 60 + minutes)
}

/** The decimal number in `count` digits at `from`; NaN unless all are digits. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 0x30
    if (!(d >= 0 && d <= 9)) return Number.NaN
    value = value * 10 + d
  }
  return value
}
