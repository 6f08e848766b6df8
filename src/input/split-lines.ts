// Splits decoded bytes into lines, a chunk at a time: each chunk is decoded once up to its last
// newline and split with String.split, which is far cheaper than a per-line readline event.
// `\n` and `\r\n` end a line; a last line without `\n` is kept. Invalid UTF-8 becomes U+FFFD
// (never an exception); NUL bytes stay as they are.
import {isAscii} from 'node:buffer'

/** A line longer than this is cut into pieces of this size rather than held whole. */
export const MAX_LINE_BYTES = 64 << 20

const NEWLINE = 0x0a

/** Yields the lines of `chunks` in batches, one batch per chunk that completed a line. */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  let carry: Buffer[] = []
  let carryBytes = 0
  for await (const chunk of chunks) {
    const lastNewline = chunk.lastIndexOf(NEWLINE)
    if (lastNewline < 0) {
      carry.push(chunk)
      carryBytes += chunk.length
      if (carryBytes >= MAX_LINE_BYTES) {
        yield [decode(Buffer.concat(carry))]
        carry = []
        carryBytes = 0
      }
      continue
    }
    const text = carry.length === 0 ? decode(chunk.subarray(0, lastNewline)) : decode(Buffer.concat([...carry, chunk.subarray(0, lastNewline)]))
    carry = []
    carryBytes = 0
    if (lastNewline + 1 < chunk.length) {
      carry.push(chunk.subarray(lastNewline + 1))
      carryBytes = chunk.length - lastNewline - 1
    }
    yield dropCarriageReturns(text.split('\n'))
  }
  if (carryBytes > 0) yield dropCarriageReturns([decode(Buffer.concat(carry))])
}

/** UTF-8, or Latin-1 when every byte is ASCII: the same text, decoded faster (gc lines are ASCII). */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** `\r\n` line ends (Windows editors, some collectors): the runtime itself never writes `\r`. */
function dropCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.charCodeAt(line.length - 1) === 0x0d) lines[i] = line.slice(0, -1)
  }
  return lines
}
