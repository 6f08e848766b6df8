// The reader's byte path, for a plain log (no collector envelope): lines are found in the chunks
// as read, and the lines most of a log is made of are read without being decoded —
//   - a whole gc or scav line of the common layouts: the grammar's whole-line templates matched
//     on its bytes, the Go 1.19 ones up to the line's newline, which they find
//     (gcLine119Newline, scavLineNewline, gcLine16FromBytes);
//   - an app line with no runtime text in it (none of the needles below anywhere): only counted;
//   - a Go 1.19 gc or scav line that other output cut, at the start of its line: held, and mended
//     with the next line on their bytes (mend-bytes.ts), or mended alone when the other output
//     ended it — as the text path would mend them, which it does where the bytes cannot tell;
//   - a pacer line of the two forms the pacer prints every cycle (pacerLineFromBytes).
// Every other line — one with a prefix, another era's layout or pacer form, anything while the
// reader holds a cut line it could not mend on bytes — is decoded exactly as splitLines decodes
// it and read as text. Decoding and splitting every line into a string was most of what a parse
// cost before any parsing (bench/floor.js).
import {LineCarry} from '../input/split-lines.js'
import {gcLine16FromBytes, gcLine119Forced, gcLine119Newline, LINE_119_NUMBERS} from './gc-line.js'
import {pacerLineFromBytes} from './pacer-line.js'
import type {EventReader} from './read-events.js'
import {SCAV_LINE_NUMBERS, scavLineNewline, scavLineSuffix} from './scavenger-line.js'
import {asciiBytes, endBeforeCr} from './tokens.js'

const NEWLINE = 0x0a
const CR = 0x0d
const CHAR_p = 0x70

// Text that makes a line more than an app line: a superset of what the text path looks for
// (findRuntimeStart's markers `gc`, `sc`, `pacer: `, `GC forced`; isRuntimeFragment's pieces
// ` MB goal`, ` MB stacks, `, ` ms clock, `, ` ms cpu, `, ` KiB work`, `% util`), so that a line
// holding any of it is read as text, which decides.
/** The needles by their first two bytes: a byte pair of text that may start runtime text. */
const NEEDLES_BY_PAIR = new Map<number, Uint8Array[]>()
for (const text of ['gc', 'sc', 'GC', 'pacer: ', ' MB ', ' ms c', ' KiB work', '% util']) {
  const key = (text.charCodeAt(0) << 8) | text.charCodeAt(1)
  NEEDLES_BY_PAIR.set(key, [...(NEEDLES_BY_PAIR.get(key) ?? []), asciiBytes(text)])
}
/**
 * A byte pair as NEAR_NEEDLE is indexed: little-endian, first byte low, so that the two pairs of
 * four bytes read as one 32-bit number (appLineEnd) are its low and its high half.
 */
function pairOf(first: number, second: number): number {
  return first | (second << 8)
}

/**
 * 1 for a byte pair the scan must look around: the first two bytes of a needle; the second and
 * third of a longer one; for `gc`, `sc` and `GC`, `c` or `C` followed by anything. The scan reads
 * every other pair, and a needle that starts between two of them shows itself in the next one.
 */
const NEAR_NEEDLE = new Uint8Array(1 << 16)
for (const needles of NEEDLES_BY_PAIR.values()) {
  for (const needle of needles) {
    NEAR_NEEDLE[pairOf(needle[0] as number, needle[1] as number)] = 1
    if (needle.length > 2) NEAR_NEEDLE[pairOf(needle[1] as number, needle[2] as number)] = 1
    else for (let other = 0; other < 256; other++) NEAR_NEEDLE[pairOf(needle[1] as number, other)] = 1
  }
}

/**
 * Whether bytes[start, end) holds `gc`, `sc` or any of the needles above. One pass in JavaScript
 * over every other byte pair, looking closer only near a needle's bytes (NEAR_NEEDLE): a
 * Buffer.indexOf per needle cost more in calls than the whole scan, a switch on every byte four
 * times this, and a lookup of every pair twice (docs/benchmarks.md, items 14 and 16). The byte
 * path asks appLineEnd, which does this and finds the line's end in the same pass; this is the
 * scan over a line whose end is known, which the tests hold appLineEnd to.
 */
export function holdsRuntimeText(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i += 2) {
    // Past the last byte: 0, which no needle holds.
    const pair = pairOf(bytes[i] as number, i + 1 < end ? (bytes[i + 1] as number) : 0)
    if (NEAR_NEEDLE[pair] === 0) continue
    if ((i > start && needleAt(bytes, i - 1, end)) || needleAt(bytes, i, end)) return true
  }
  return false
}

/** NEAR_NEEDLE's mark, besides 1, for a byte pair that holds a newline (appLineEnd). */
const HOLDS_NEWLINE = 2
for (let other = 0; other < 256; other++) {
  for (const pair of [pairOf(NEWLINE, other), pairOf(other, NEWLINE)]) NEAR_NEEDLE[pair] = (NEAR_NEEDLE[pair] as number) | HOLDS_NEWLINE
}

/** The view appLineEnd reads bytes through, four at a time: one for a chunk. */
export function fourBytes(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * holdsRuntimeText for a line whose end is not yet known, found in the same pass: the index of
 * its newline when it holds none of the needles, -1 when it holds one. `done` is the index of
 * the chunk's last newline; `words` is fourBytes(bytes). The pairs read are holdsRuntimeText's up
 * to the newline; no needle holds a newline or a `\r`, so none found here runs past the line's
 * end, and the `\r` of a `\r\n` changes nothing. This saves an indexOf call a line on most of a
 * log's lines. Four bytes are read at once (one load, not four, for two pairs) while neither of
 * their pairs is marked; a marked pair is looked at byte by byte. The newline at `done` ends
 * every line, so a pair that starts before it is there whole, and a pair that starts at it is
 * that newline.
 */
export function appLineEnd(bytes: Uint8Array, words: DataView, start: number, done: number): number {
  let i = start
  for (;;) {
    while (i < done - 2) {
      const four = words.getUint32(i, true)
      if (((NEAR_NEEDLE[four & 0xffff] as number) | (NEAR_NEEDLE[four >>> 16] as number)) !== 0) break
      i += 4
    }
    if (i >= done) return done
    const mark = NEAR_NEEDLE[pairOf(bytes[i] as number, bytes[i + 1] as number)] as number
    if (mark !== 0) {
      if ((mark & 1) !== 0 && ((i > start && needleAt(bytes, i - 1, done)) || needleAt(bytes, i, done))) return -1
      if ((mark & HOLDS_NEWLINE) !== 0) return bytes[i] === NEWLINE ? i : i + 1
    }
    i += 2
  }
}

/** Whether one of the needles starts at bytes[i]. */
function needleAt(bytes: Uint8Array, i: number, end: number): boolean {
  if (i + 1 >= end) return false
  const needles = NEEDLES_BY_PAIR.get(((bytes[i] as number) << 8) | (bytes[i + 1] as number))
  if (needles === undefined) return false
  for (const needle of needles) if (startsAt(bytes, i, end, needle)) return true
  return false
}

function startsAt(bytes: Uint8Array, i: number, end: number, needle: Uint8Array): boolean {
  if (i + needle.length > end) return false
  for (let c = 1; c < needle.length; c++) if (bytes[i + c] !== needle[c]) return false
  return true
}

/** Lines of chunks of bytes into a reader: see the top of this file. */
export class ByteLines {
  private readonly carry = new LineCarry()

  /**
   * `pushText`: the text path, for a line decoded as splitLines would give it. `appLinesUnread`:
   * nothing listens for app lines' events, so they may be only counted.
   */
  constructor(
    private readonly reader: EventReader,
    private readonly pushText: (line: string) => void,
    private readonly appLinesUnread: boolean,
  ) {}

  push(read: Buffer): void {
    const completed = this.carry.pushApart(read)
    if (completed === null) return
    // As splitLines: a line this long is handed on in pieces rather than held whole.
    if ('piece' in completed) return this.pushText(decode(completed.piece, 0, completed.piece.length))
    if (completed.carried !== null) this.lines(completed.carried, 0, completed.carried.length - 1)
    this.lines(completed.bytes, completed.from, completed.end)
    // Nothing keeps a view of the chunk past this call: the caller may read into it again.
    this.reader.keepChunkViews()
  }

  /** The lines of bytes[from, done], `done` the index of the last one's newline. */
  private lines(bytes: Buffer, from: number, done: number): void {
    const reader = this.reader
    const words = fourBytes(bytes)
    let start = from
    while (start <= done) {
      // A line's end is found by what reads it where that can be: most lines are whole gc and scav
      // lines, read by their template up to the newline, and app lines with nothing of the
      // runtime's in them, found and passed over in one pass.
      if (reader.idle) {
        if (startsGcLine(bytes, start)) {
          const newline = gcLine119Newline(bytes, start, done)
          if (newline >= 0) {
            reader.pushLine119(LINE_119_NUMBERS, gcLine119Forced())
            start = newline + 1
            continue
          }
        } else if (startsScavLine(bytes, start)) {
          const newline = scavLineNewline(bytes, start, done)
          if (newline >= 0) {
            reader.pushScav(SCAV_LINE_NUMBERS, scavLineSuffix())
            start = newline + 1
            continue
          }
        } else if (this.appLinesUnread) {
          const newline = appLineEnd(bytes, words, start, done)
          if (newline >= 0) {
            reader.pushAppBytes(bytes, start, endBeforeCr(bytes, start, newline))
            start = newline + 1
            continue
          }
        }
      }
      const newline = bytes.indexOf(NEWLINE, start)
      this.line(bytes, start, endBeforeCr(bytes, start, newline))
      start = newline + 1
    }
  }

  /** End of input: a last line without a newline. */
  end(): void {
    const last = this.carry.takeRest()
    if (last.length === 0) return
    const end = last[last.length - 1] === CR ? last.length - 1 : last.length
    this.pushText(decode(last, 0, end))
  }

  /**
   * A line lines() did not read. When the reader is idle, a gc or scav line here is one its
   * whole-line template does not read, and any other line holds runtime text (appLineEnd found a
   * needle in it) or app lines are listened to: both go to the text path.
   */
  private line(chunk: Buffer, start: number, end: number): void {
    const reader = this.reader
    if (reader.holdsCutLine) {
      if (reader.pushTailBytes(chunk, start, end)) return
    } else if (reader.idle) {
      if (startsGcLine(chunk, start)) {
        // A cut line before the older layout: the mender takes no line that layout reads (its walk
        // stops where line16 would go on), and most lines that fail the first are cut ones.
        if (reader.holdCutLine(chunk, start, end)) return
        const older = gcLine16FromBytes(chunk, start, end)
        if (older !== undefined) return reader.pushRuntime(older)
      } else if (startsScavLine(chunk, start)) {
        if (reader.holdCutLine(chunk, start, end)) return
      } else if (chunk[start] === CHAR_p) {
        const pacer = pacerLineFromBytes(chunk, start, end)
        if (pacer !== undefined) return reader.pushRuntime(pacer)
      }
    }
    this.pushText(decode(chunk, start, end))
  }
}

/** The line from `start` begins `gc `: line() reads it as a gc line. */
function startsGcLine(bytes: Uint8Array, start: number): boolean {
  return bytes[start] === 0x67 && bytes[start + 1] === 0x63 && bytes[start + 2] === 0x20
}

/** The line from `start` begins `sca`: line() reads it as a scav line. */
function startsScavLine(bytes: Uint8Array, start: number): boolean {
  return bytes[start] === 0x73 && bytes[start + 1] === 0x63 && bytes[start + 2] === 0x61
}

/** As splitLines decodes: UTF-8 (for ASCII bytes the same text as Latin-1), invalid sequences as U+FFFD. */
function decode(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end)
}
