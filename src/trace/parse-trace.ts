// The trace stage's entry point: physical lines in, a Trace out — every line accounted for.
import {ByteLines} from './byte-lines.js'
import {detachedText} from './columns.js'
import {EventReader, type LineCounts, type SpliceStats} from './read-events.js'
import {SegmentCollector, type Segment} from './segments.js'
import type {TraceEvent, UnrecognizedLine} from './types.js'

/** Unrecognized lines kept with their text; past this they are only counted. */
const MAX_UNRECOGNIZED_KEPT = 1000
/** Text kept of each: enough to see what it was, not a 10 MB line. */
const MAX_UNRECOGNIZED_TEXT = 300

export interface Trace {
  lines: LineCounts
  segments: Segment[]
  unrecognized: UnrecognizedLine[]
  splices: SpliceStats
}

/**
 * Parses a trace line by line. `onEvent` sees every event as it is found (app lines included,
 * for passthrough); the Trace keeps only what analysis needs, so memory follows the number of
 * cycles, not the size of the input.
 */
export class TraceParser {
  private readonly reader: EventReader
  private readonly segments = new SegmentCollector()
  private readonly unrecognized: UnrecognizedLine[] = []
  private readonly appListener: boolean
  private bytes: ByteLines | undefined

  constructor(onEvent?: (event: TraceEvent) => void) {
    this.appListener = onEvent !== undefined
    this.reader = new EventReader(
      (event) => {
        if (event.kind === 'unrecognized') {
          if (this.unrecognized.length < MAX_UNRECOGNIZED_KEPT) this.unrecognized.push({...event, text: detachedText(event.text.slice(0, MAX_UNRECOGNIZED_TEXT)), prefix: detachedText(event.prefix)})
        } else this.segments.add(event)
        onEvent?.(event)
      },
      // App lines are most of a log; without a listener they are only counted, and the whole Go
      // 1.19 gc and scav lines read on bytes go to their tables as numbers, with no event.
      {appEvents: onEvent !== undefined, rows: onEvent === undefined ? this.segments : undefined},
    )
  }

  get cyclesSoFar(): number {
    return this.reader.counts.cycles
  }

  /** Lines read so far. */
  get linesSoFar(): number {
    return this.reader.counts.total
  }

  /** The next physical line, and its wall-clock time (epoch ms) when the log format gives one. */
  push(line: string, wallMs: number | null = null): void {
    this.reader.push(line, wallMs)
  }

  /** Lines in a batch, as the input layer yields them, with their times (NaN for a line without one) or null when none has one. */
  pushBatch(lines: readonly string[], wallMs: Float64Array | null): void {
    if (wallMs === null) {
      for (const line of lines) this.reader.push(line, null)
      return
    }
    for (let i = 0; i < lines.length; i++) {
      const ms = wallMs[i] as number
      this.reader.push(lines[i] as string, Number.isNaN(ms) ? null : ms)
    }
  }

  /**
   * The next bytes of a plain log (no collector envelope, no wall-clock times), as read: lines
   * are found and the common ones read without decoding them (byte-lines.ts). A parser is fed
   * either bytes or lines; after a file's last bytes, call endOfBytes(). Nothing keeps a view of
   * `chunk` once this returns: the caller may read the next bytes into it.
   */
  pushBytes(chunk: Buffer): void {
    this.bytes ??= new ByteLines(this.reader, (line) => this.reader.push(line, null), !this.appListener)
    this.bytes.push(chunk)
  }

  /** The end of a file given as bytes: its last line, when it has no newline. */
  endOfBytes(): void {
    this.bytes?.end()
  }

  end(): Trace {
    this.bytes?.end()
    this.reader.end()
    return {lines: {...this.reader.counts}, segments: this.segments.finish(), unrecognized: this.unrecognized, splices: this.reader.splices}
  }
}

/** Parses lines given in batches (as the input layer yields them) or one by one. */
export async function parseTrace(lines: AsyncIterable<readonly string[]> | Iterable<string>, onEvent?: (event: TraceEvent) => void): Promise<Trace> {
  const parser = new TraceParser(onEvent)
  if (Symbol.asyncIterator in lines) {
    for await (const batch of lines) for (const line of batch) parser.push(line)
  } else for (const line of lines) parser.push(line)
  return parser.end()
}
