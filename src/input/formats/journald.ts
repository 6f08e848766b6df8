// journald, as `journalctl` prints it.
//
// Text (`-o short`, `short-precise`, `short-iso`, `short-iso-precise`):
//   `Jan 01 00:00:00.123456 host prog[123]: gc 1 @0.008s …`
//   `2024-01-01T00:00:00+0000 host prog[123]: gc 1 @0.008s …`
// The host is one word and the identifier one word ending in `:`; the message follows one space.
// `short` and `short-precise` print neither the year nor the zone: the time is read as UTC, in
// the year given (--process-start's), else the current year — or the year before when that would
// put the first line in the future; the year goes up where the month goes back (December → January).
// journalctl prints them in the local zone of the machine that ran it: use TZ=UTC journalctl, or
// -o short-iso / -o json, which say where they are.
// Lines `-- Boot … --`, `-- No entries --`, `-- Logs begin at … --` are journalctl's own notes.
//
// JSON (`-o json`): one object per line; `MESSAGE` is a string, an array of bytes (a message
// that is not UTF-8) or null (a field journalctl would not print); `__REALTIME_TIMESTAMP` is epoch µs
// as a string. `_PID` is counted: more than one is a log of several processes (a restart).
import {type Envelope, type EnvelopeReader, jsonObjectOf, type LineSink, pushLines} from './envelope.js'
import {monthStartMs, readRfc3339, readSyslogTime} from './times.js'

export interface JournaldOptions {
  /** The year of `short`/`short-precise` times, when known (--process-start). */
  year?: number | undefined
  /** Now, epoch ms: the fallback year is this one's (or the one before). */
  nowMs?: number
}

/** What the text reader worked out, for the report: the year of yearless times, when it had to assume one. */
export interface JournaldState {
  yearAssumed: number | null
}

const DAY_MS = 86_400_000

/** Index where the message starts after the time ending at `timeEnd` (` host ident: `); -1 when the shape does not fit. */
function messageStart(line: string, timeEnd: number): number {
  if (line.charCodeAt(timeEnd) !== 0x20) return -1
  const hostEnd = line.indexOf(' ', timeEnd + 1)
  if (hostEnd <= timeEnd + 1) return -1
  let identEnd = line.indexOf(' ', hostEnd + 1)
  if (identEnd < 0) identEnd = line.length
  if (identEnd <= hostEnd + 2 || line.charCodeAt(identEnd - 1) !== 0x3a) return -1
  return Math.min(line.length, identEnd + 1)
}

function isJournalNote(line: string): boolean {
  return line.startsWith('-- ') && line.endsWith(' --')
}

/** An ISO time's end (the space after it) when the line starts with one; -1 otherwise. */
function isoTimeEnd(line: string): number {
  const c = line.charCodeAt(0)
  if (!(c >= 0x30 && c <= 0x39)) return -1
  return line.indexOf(' ')
}

function matchesShort(line: string): boolean {
  const isoEnd = isoTimeEnd(line)
  if (isoEnd > 0) return !Number.isNaN(readRfc3339(line, 0, isoEnd)) && messageStart(line, isoEnd) >= 0
  const time = readSyslogTime(line)
  return time !== null && messageStart(line, time.end) >= 0
}

export function journaldShort(options: JournaldOptions = {}, state: JournaldState = {yearAssumed: null}): Envelope {
  return {
    matches: (line) => matchesShort(line) || isJournalNote(line),
    createReader(): EnvelopeReader {
      let year = options.year
      let lastMonth = 0
      return {
        read(line: string, out: LineSink): boolean {
          const isoEnd = isoTimeEnd(line)
          if (isoEnd > 0) {
            const wallMs = readRfc3339(line, 0, isoEnd)
            const start = Number.isNaN(wallMs) ? -1 : messageStart(line, isoEnd)
            if (start < 0) return false
            out.push(line.slice(start), wallMs)
            return true
          }
          const time = readSyslogTime(line)
          const start = time === null ? -1 : messageStart(line, time.end)
          if (time === null || start < 0) {
            if (!isJournalNote(line)) return false
            out.push(line, Number.NaN)
            return true
          }
          if (year === undefined) {
            const now = options.nowMs ?? Date.now()
            year = new Date(now).getUTCFullYear()
            if (monthStartMs(year, time.month) + time.msInMonth > now + DAY_MS) year--
            state.yearAssumed = year
          } else if (time.month < lastMonth) year++
          lastMonth = time.month
          out.push(line.slice(start), monthStartMs(year, time.month) + time.msInMonth)
          return true
        },
        end: () => {},
        piecesJoined: 0,
      }
    },
  }
}

interface JournalRecord {
  message: string
  wallMs: number
  pid: string | null
}

function parseJournalRecord(line: string): JournalRecord | null {
  const value = jsonObjectOf(line)
  if (value === null) return null
  const {MESSAGE: message, __REALTIME_TIMESTAMP: realtime, _PID: pid} = value
  if (typeof realtime !== 'string' || realtime.length === 0 || !('MESSAGE' in value)) return null
  const us = Number(realtime)
  if (!Number.isSafeInteger(us)) return null
  let text: string
  if (typeof message === 'string') text = message
  else if (message === null) text = ''
  else if (Array.isArray(message) && message.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) text = Buffer.from(message as number[]).toString('utf8')
  else return null
  return {message: text, wallMs: Math.floor(us / 1000), pid: typeof pid === 'string' ? pid : null}
}

/** What the JSON reader saw besides the lines: the processes (`_PID`) whose messages it read. */
export interface JournaldJsonState {
  pids: Set<string>
}

export function journaldJson(state: JournaldJsonState = {pids: new Set()}): Envelope {
  return {
    matches: (line) => parseJournalRecord(line) !== null,
    createReader(): EnvelopeReader {
      return {
        read(line: string, out: LineSink): boolean {
          const record = parseJournalRecord(line)
          if (record === null) return false
          if (record.pid !== null && state.pids.size < 1000) state.pids.add(record.pid)
          pushLines(record.message, record.wallMs, out)
          return true
        },
        end: () => {},
        piecesJoined: 0,
      }
    },
  }
}
