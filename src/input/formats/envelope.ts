// What every collector format implements: recognise its envelope on a raw line, and take the
// runtime's text (and the line's time) out of it. Partials — one line the collector stored in
// pieces — are held per stream until their last piece, and leave as one line with the first
// piece's time.

/** Where unwrapped lines go: the text as the program wrote it, its epoch ms (NaN when none). */
export interface LineSink {
  push(text: string, wallMs: number): void
}

export interface EnvelopeReader {
  /** Reads one raw line; false when it does not have the envelope's shape (nothing was pushed). */
  read(line: string, out: LineSink): boolean
  /** Pushes whatever is still held: partials whose last piece never came. */
  end(out: LineSink): void
  /** Pieces joined onto an earlier piece so far. */
  readonly piecesJoined: number
}

export interface Envelope {
  /** Whether a raw line has this envelope's shape: for detection and for checking --format. */
  matches(line: string): boolean
  createReader(): EnvelopeReader
}

/** One record of a format that stores long lines in pieces: its stream, its text, its time, and whether it ends the line. */
export interface StoredPiece {
  stream: string
  text: string
  wallMs: number
  last: boolean
}

/**
 * The envelope of a format whose records can be pieces of one line (Docker's 16 KB partials,
 * CRI's `P` tag): `readPiece` reads one raw line, or null when it is not a record; the pieces
 * are joined per stream.
 */
export function pieceEnvelope(readPiece: (line: string) => StoredPiece | null): Envelope {
  return {
    matches: (line) => readPiece(line) !== null,
    createReader(): EnvelopeReader {
      const partials = new PartialLines()
      return {
        read(line: string, out: LineSink): boolean {
          const piece = readPiece(line)
          if (piece === null) return false
          partials.add(piece.stream, piece.text, piece.wallMs, piece.last, out)
          return true
        },
        end: (out) => partials.end(out),
        get piecesJoined() {
          return partials.piecesJoined
        },
      }
    },
  }
}

/** Pieces of lines held per stream (stdout, stderr) until the piece that completes them. */
class PartialLines {
  piecesJoined = 0
  private readonly held = new Map<string, {pieces: string[]; wallMs: number}>()

  /** Adds a piece; when `last`, pushes the whole line (with the first piece's time). */
  add(stream: string, piece: string, wallMs: number, last: boolean, out: LineSink): void {
    // Nearly every line is whole, with nothing held: no map lookup.
    if (last && this.held.size === 0) {
      pushLines(piece, wallMs, out)
      return
    }
    const open = this.held.get(stream)
    if (open === undefined) {
      if (last) pushLines(piece, wallMs, out)
      else this.held.set(stream, {pieces: [piece], wallMs})
      return
    }
    open.pieces.push(piece)
    this.piecesJoined++
    if (!last) return
    this.held.delete(stream)
    pushLines(open.pieces.join(''), open.wallMs, out)
  }

  end(out: LineSink): void {
    for (const open of this.held.values()) pushLines(open.pieces.join(''), open.wallMs, out)
    this.held.clear()
  }
}

/** Pushes `text` as lines: normally one; a stored text holding `\n` is split as the file would be. A trailing `\r` goes, as in split-lines.ts. */
export function pushLines(text: string, wallMs: number, out: LineSink): void {
  if (text.indexOf('\n') < 0) {
    out.push(dropCarriageReturn(text), wallMs)
    return
  }
  for (const line of text.split('\n')) out.push(dropCarriageReturn(line), wallMs)
}

function dropCarriageReturn(text: string): string {
  return text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text
}

/** The JSON object on a line, or null when the line is not one (a first-byte check spares JSON.parse most other lines). */
export function jsonObjectOf(line: string): Record<string, unknown> | null {
  if (line.charCodeAt(0) !== 0x7b) return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}
