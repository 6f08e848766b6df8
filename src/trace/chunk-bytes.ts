// A line's bytes the byte path keeps past the line (the last app line, a cut line's head): a view
// of the chunk they came in, copied only when the chunk's lines are done and they are still
// needed. The chunk's memory is read into again once the parser gives it back (open-input.ts,
// recycle), but nearly always what is kept is used, or replaced, within the same chunk.

/** bytes[from, end): a view of a chunk until keep() copies it into a buffer of its own. */
export class ChunkBytes {
  bytes: Buffer = Buffer.alloc(0)
  from = 0
  end = 0
  private own = Buffer.alloc(256)

  /** The bytes are chunk[from, end), as a view. */
  view(chunk: Buffer, from: number, end: number): void {
    this.bytes = chunk
    this.from = from
    this.end = end
  }

  /** The bytes decoded as splitLines decodes a line, from `skip` bytes in. */
  text(skip = 0): string {
    return this.bytes.toString('utf8', this.from + skip, this.end)
  }

  /** Copies the bytes into its own buffer, unless they are there already. */
  keep(): void {
    if (this.bytes === this.own) return
    const length = this.end - this.from
    if (this.own.length < length) this.own = Buffer.alloc(length * 2)
    this.bytes.copy(this.own, 0, this.from, this.end)
    this.view(this.own, 0, length)
  }
}
