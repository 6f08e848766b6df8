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
  const splitter = new LineSplitter()
  for await (const chunk of chunks) {
    const lines = splitter.push(chunk)
    if (lines !== null) yield lines
  }
  const last = splitter.end()
  if (last !== null) yield last
}

/** splitLines one chunk at a time, for a reader that may take the rest of the input as bytes (takeRest). */
export class LineSplitter {
  private carry: Buffer[] = []
  private carryBytes = 0

  /** The lines `chunk` completes, or null when it completes none. */
  push(chunk: Buffer): string[] | null {
    const lastNewline = chunk.lastIndexOf(NEWLINE)
    if (lastNewline < 0) {
      this.carry.push(chunk)
      this.carryBytes += chunk.length
      if (this.carryBytes >= MAX_LINE_BYTES) return [decode(this.takeRest())]
      return null
    }
    const text = this.carry.length === 0 ? decode(chunk.subarray(0, lastNewline)) : decode(Buffer.concat([...this.carry, chunk.subarray(0, lastNewline)]))
    this.carry = []
    this.carryBytes = 0
    if (lastNewline + 1 < chunk.length) {
      this.carry.push(chunk.subarray(lastNewline + 1))
      this.carryBytes = chunk.length - lastNewline - 1
    }
    return dropCarriageReturns(text.split('\n'))
  }

  /** End of input: the last line when it had no newline. */
  end(): string[] | null {
    return this.carryBytes > 0 ? dropCarriageReturns([decode(this.takeRest())]) : null
  }

  /** The bytes of a line begun and not yet ended, given up: whoever reads on starts with them. */
  takeRest(): Buffer {
    const rest = Buffer.concat(this.carry)
    this.carry = []
    this.carryBytes = 0
    return rest
  }
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
