// Splits decoded bytes into lines, a chunk at a time: each chunk is decoded once up to its last
// newline and split with String.split, which is far cheaper than a per-line readline event.
// `\n` and `\r\n` end a line; a last line without `\n` is kept. Invalid UTF-8 becomes U+FFFD
// (never an exception); NUL bytes stay as they are.
import {isAscii} from 'node:buffer'

/** A line longer than this is cut into pieces of this size rather than held whole. */
const MAX_LINE_BYTES = 64 << 20

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
  private readonly carry = new LineCarry()

  /** The lines `chunk` completes, or null when it completes none. */
  push(chunk: Buffer): string[] | null {
    const completed = this.carry.push(chunk)
    if (completed === null) return null
    if ('piece' in completed) return [decode(completed.piece)]
    return dropCarriageReturns(decode(completed.bytes.subarray(0, completed.end)).split('\n'))
  }

  /** End of input: the last line when it had no newline. */
  end(): string[] | null {
    const rest = this.carry.takeRest()
    return rest.length > 0 ? dropCarriageReturns([decode(rest)]) : null
  }

  /** The bytes of a line begun and not yet ended, given up: whoever reads on starts with them. */
  takeRest(): Buffer {
    return this.carry.takeRest()
  }
}

/** What a chunk completed: whole lines, or a piece of a line too long to hold. */
export type Completed = {bytes: Buffer; end: number} | {piece: Buffer}

/**
 * The bytes of a line begun in one chunk and ended in a later one: the one rule, for every
 * splitter (LineSplitter, raw-lines.ts, the reader's byte path), for where lines end across
 * chunks and for a line too long to hold, which is handed on in pieces of MAX_LINE_BYTES.
 */
export class LineCarry {
  private parts: Buffer[] = []
  private held = 0

  /**
   * Adds `chunk`. When it ends a line: `bytes[0, end]` are the whole lines so far, the carried
   * bytes first, and `end` is the index of their last newline (bytes past it are carried on).
   * When the carried bytes pass MAX_LINE_BYTES without a newline: that `piece`. Else null.
   */
  push(chunk: Buffer): Completed | null {
    const lastNewline = chunk.lastIndexOf(NEWLINE)
    if (lastNewline < 0) return this.holdWhole(chunk)
    const bytes = this.parts.length === 0 ? chunk : Buffer.concat([...this.parts, chunk.subarray(0, lastNewline + 1)])
    const end = this.parts.length === 0 ? lastNewline : bytes.length - 1
    this.carryPast(chunk, lastNewline)
    return {bytes, end}
  }

  /**
   * push, with the line the carried bytes began kept apart from the chunk: `carried` is that line
   * (its newline included), or null when nothing was carried, and chunk[from, end] are the whole
   * lines after it (none when from > end). For a reader of bytes in place (the reader's byte
   * path): push copies the whole chunk behind the carried bytes, this only the one line.
   */
  pushApart(chunk: Buffer): {carried: Buffer | null; bytes: Buffer; from: number; end: number} | {piece: Buffer} | null {
    const lastNewline = chunk.lastIndexOf(NEWLINE)
    if (lastNewline < 0) return this.holdWhole(chunk)
    const from = this.parts.length === 0 ? 0 : chunk.indexOf(NEWLINE) + 1
    const carried = this.parts.length === 0 ? null : Buffer.concat([...this.parts, chunk.subarray(0, from)])
    this.carryPast(chunk, lastNewline)
    return {carried, bytes: chunk, from, end: lastNewline}
  }

  /** A chunk with no newline: carried whole, or handed on with what came before once the line is too long to hold. */
  private holdWhole(chunk: Buffer): {piece: Buffer} | null {
    this.parts.push(Buffer.from(chunk))
    this.held += chunk.length
    return this.held >= MAX_LINE_BYTES ? {piece: this.takeRest()} : null
  }

  /**
   * What follows the chunk's last newline is all that is carried on: copied, as every carried
   * byte is, so that the chunk's memory may be read into again once it has been pushed.
   */
  private carryPast(chunk: Buffer, lastNewline: number): void {
    this.parts = []
    this.held = 0
    if (lastNewline + 1 < chunk.length) {
      this.parts.push(Buffer.from(chunk.subarray(lastNewline + 1)))
      this.held = chunk.length - lastNewline - 1
    }
  }

  /** The bytes of a line begun and not yet ended (empty when none), given up. */
  takeRest(): Buffer {
    const rest = Buffer.concat(this.parts)
    this.parts = []
    this.held = 0
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
