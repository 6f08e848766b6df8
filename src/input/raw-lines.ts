// Lines with their raw bytes, for passthrough: the same lines split-lines.ts makes — identical text,
// so the parser sees exactly what it sees when reading a file — plus each line's bytes as they came,
// terminator included (`\n`, `\r\n`, or none for a last line without one). split-lines decodes
// UTF-8 (invalid bytes become U+FFFD) and drops the `\r` of `\r\n`, so the text alone cannot give
// back the bytes of a line; this module keeps them, as views into the chunk they came in (no copy).
//
// Where lines end across chunks is split-lines.ts's LineCarry, as for every splitter; the rest is
// kept apart from LineSplitter, which is tuned for reading files fast and has no use for the
// bytes. A chunk is synchronous here (push → lines) so that `gctrace run` can parse the child's
// stderr in the same tick it writes the chunk out.
import {LineCarry} from './split-lines.js'

const NEWLINE = 0x0a
const CR = 0x0d

export interface LineBatch {
  texts: string[]
  /** Raw bytes per line, terminator included; empty when the splitter keeps no raw bytes. */
  raws: Buffer[]
}

export class RawLineSplitter {
  private readonly carry = new LineCarry()

  /** @param keepRaw false: texts only (the parse of `gctrace run`, which writes whole chunks itself). */
  constructor(private readonly keepRaw = true) {}

  /** The lines `chunk` completed. */
  push(chunk: Buffer): LineBatch {
    const completed = this.carry.push(chunk)
    if (completed === null) return {texts: [], raws: []}
    // As split-lines does: a line this long is handed on in pieces.
    if ('piece' in completed) return {texts: [completed.piece.toString('utf8')], raws: this.keepRaw ? [completed.piece] : []}
    const {bytes, end} = completed
    // One decode per chunk. A 0x0a byte is always its own character in UTF-8 decoding (an
    // incomplete sequence before it becomes U+FFFD, and the newline stays), so the texts and the
    // byte ranges between newlines line up one to one.
    const texts = bytes.toString('utf8', 0, end).split('\n')
    dropCarriageReturns(texts)
    const raws: Buffer[] = []
    if (this.keepRaw) {
      let start = 0
      while (start <= end) {
        const nl = bytes.indexOf(NEWLINE, start)
        raws.push(bytes.subarray(start, nl + 1))
        start = nl + 1
      }
    }
    return {texts, raws}
  }

  /** End of input: the last line, when it had no newline. */
  end(): LineBatch {
    const rest = this.carry.takeRest()
    if (rest.length === 0) return {texts: [], raws: []}
    const texts = [rest.toString('utf8')]
    dropCarriageReturns(texts)
    return {texts, raws: this.keepRaw ? [rest] : []}
  }
}

/** The `\r` of a `\r\n` line end, as split-lines drops it. */
function dropCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.charCodeAt(line.length - 1) === CR) lines[i] = line.slice(0, -1)
  }
}

/**
 * The bytes of `raw` (one line, terminator included) that hold its text's suffix `suffixText`,
 * terminator included; undefined when the suffix cannot be found in the bytes. Used for app text
 * that a runtime line's head stood before on the same physical line.
 */
export function rawSuffix(raw: Buffer, lineText: string, suffixText: string): Buffer | undefined {
  if (!lineText.endsWith(suffixText)) return undefined
  const prefixText = lineText.slice(0, lineText.length - suffixText.length)
  const guess = Buffer.byteLength(prefixText)
  // The common case: the bytes before the suffix are valid UTF-8, so their length is exact.
  if (guess <= raw.length && raw.toString('utf8', 0, guess) === prefixText && startsCleanly(raw, guess)) return raw.subarray(guess)
  // Invalid bytes before the cut (each became a 3-byte U+FFFD): find the cut by decoding.
  for (let k = 0; k <= raw.length; k++) {
    if (raw.toString('utf8', 0, k) === prefixText && stripEnd(raw.subarray(k)).toString('utf8') === suffixText) return raw.subarray(k)
  }
  return undefined
}

/** The position is not inside a multi-byte character (a continuation byte starts nothing). */
function startsCleanly(raw: Buffer, at: number): boolean {
  const byte = raw[at]
  return byte === undefined || (byte & 0xc0) !== 0x80
}

function stripEnd(bytes: Buffer): Buffer {
  let end = bytes.length
  if (end > 0 && bytes[end - 1] === NEWLINE) end--
  if (end > 0 && bytes[end - 1] === CR) end--
  return bytes.subarray(0, end)
}
