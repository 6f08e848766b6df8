// --passthrough: every line that is not runtime output goes to stdout as it came, byte for byte —
// invalid UTF-8, `\r\n`, a last line without a newline — so that gctrace can sit in a pipeline in
// front of the usual log shipping. App text that the runtime's writes cut a line around is given
// back whole: the bytes of the app's own write, from where it began on its physical line.
//
// Lines that look like runtime output but do not parse ("unrecognized") are passed on as well:
// gctrace cannot be sure they are the runtime's, and a log pipeline must not lose the program's
// lines. Runtime lines (gc, scav, GC forced, pacer) and the runtime's own pieces are held back.
//
// The parser holds a cut runtime line while it waits for the rest (a few lines at most) and then
// emits the app text of all of them at once, not always in line order; the events of one batch are
// put back in line order before they are written, and no event of a later batch can be for an
// earlier line, so the program's order is kept.
import {rawSuffix} from '../input/raw-lines.js'
import type {TraceEvent} from '../trace/types.js'

/**
 * Raw lines kept for events still to come. The parser resolves a held line within
 * 1 + 4 + 4 lines (its head, pieces cut again, lines between); 256 leaves room to spare.
 */
const RAW_LINES_KEPT = 256

interface Pending {
  line: number
  order: number
  bytes: Buffer
}

export class Passthrough {
  private readonly raws: (Buffer | undefined)[] = new Array(RAW_LINES_KEPT)
  private readonly texts: (string | undefined)[] = new Array(RAW_LINES_KEPT)
  private readonly lineNumbers = new Float64Array(RAW_LINES_KEPT).fill(-1)
  private pending: Pending[] = []
  private order = 0
  /** Lines given out, for tests and the summary. */
  linesOut = 0

  /** The raw bytes of line `line` (1-based) and its text as the parser got it. */
  remember(line: number, raw: Buffer, text: string): void {
    const slot = line % RAW_LINES_KEPT
    this.raws[slot] = raw
    this.texts[slot] = text
    this.lineNumbers[slot] = line
  }

  onEvent(event: TraceEvent): void {
    if (event.kind !== 'app' && event.kind !== 'unrecognized') return
    const slot = event.line % RAW_LINES_KEPT
    const known = this.lineNumbers[slot] === event.line
    const raw = known ? (this.raws[slot] as Buffer) : undefined
    const text = known ? (this.texts[slot] as string) : undefined
    let bytes: Buffer | undefined
    if (raw !== undefined && text !== undefined) {
      if (event.kind === 'app' && event.fromSplice) bytes = rawSuffix(raw, text, event.text)
      else bytes = raw
    }
    // Not found (cannot happen within the parser's window): the text as UTF-8 is the best there is.
    bytes ??= Buffer.from(`${event.kind === 'unrecognized' ? event.prefix + event.text : event.text}\n`)
    this.pending.push({line: event.line, order: this.order++, bytes})
  }

  /** The bytes of the events since the last call, in line order. */
  take(): Buffer | undefined {
    if (this.pending.length === 0) return undefined
    const pending = this.pending
    this.pending = []
    if (pending.length > 1) pending.sort((a, b) => a.line - b.line || a.order - b.order)
    this.linesOut += pending.length
    return pending.length === 1 ? (pending[0] as Pending).bytes : Buffer.concat(pending.map((p) => p.bytes))
  }
}
