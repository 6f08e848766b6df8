// Turns physical lines into events, one line at a time, and mends runtime lines that other output
// cut apart.
//
// The runtime writes one gc line as ~30 separate write(2) calls (one per print argument), and the
// program's own stderr writes are not serialised with them. A log line can therefore land inside
// a gc line: the physical line holds the gc line's head followed by the app's text, and the next
// line (or one a few lines on) holds the rest:
//
//   gc 8172 @4.530s 30%: … 2->3->1 MB, 42026/11/25 18:09:14 worker 1 handled 200000 requests
//    MB goal, 0 MB stacks, 0 MB globals, 2 P
//
// A number is one write, so the cut is always between two print arguments, but the app text may
// begin with digits: `4` + `2026/…` reads just as well as `42` + `026/…`. Every cut that makes
// head + tail parse is a reading; the one closest to the previous cycle (next cycle number, similar
// heap sizes) wins, and readings that were not unique are counted as ambiguous.
import {appTextDistance, AppTextStart, linePrefixLength} from './app-text-shape.js'
import {ChunkBytes} from './chunk-bytes.js'
import {cycleDistance, FIGURES, figuresOfCycle, logDistance} from './cycle-figures.js'
import {cycleOfLine119, stwMsOfLine119} from './gc-line.js'
import {HeldCutLine} from './mend-bytes.js'
import {failureReason, findRuntimeStart, isPrefixLike, isRuntimeFragment, parseRuntimeText, type RuntimeLineFields, type RuntimeParseFailure} from './runtime-line.js'
import {scavReportOf} from './scavenger-line.js'
import {type CutPoint, mayContinue, writeBoundaries} from './tokens.js'
import type {Trigger, TraceEvent} from './types.js'

/**
 * Where the byte path's commonest lines go as their numbers, with what the reader adds, when
 * nothing reads their events (SegmentCollector): a whole Go 1.19 gc line, a `scav` line.
 */
export interface NumberRows {
  addLine119(numbers: Float64Array, stwMs: number, line: number, trigger: Trigger, forced: boolean, spliced: boolean): void
  addScav(numbers: Float64Array, suffix: number, line: number, afterSeq: number | null): void
}

/** How many lines of other output may stand between a cut runtime line's head and its tail. */
const MAX_LINES_BETWEEN_HEAD_AND_TAIL = 4
/**
 * How far past the point where the grammar stopped a cut is looked for. The cut lies inside or
 * just after the token that failed, and no token is this long; without a bound a 10 MB line that
 * starts with `gc ` would be tried at every byte.
 */
const MAX_CUT_SEARCH = 256
/** Readings of a line cut more than once kept at each step (they differ in digits at a cut). */
const MAX_PARTIAL_READINGS = 8

export interface LineCounts {
  total: number
  cycles: number
  scavenger: number
  periodicNotices: number
  pacer: number
  app: number
  /** Continuation lines that held the rest of a cut runtime line. */
  spliced: number
  unrecognized: number
}

export interface SpliceStats {
  /** Runtime lines reassembled from a head and a tail. */
  mended: number
  /** Of those, how many had more than one reading; the line numbers of the first few. */
  ambiguous: number
  ambiguousLines: number[]
}

/** One way of joining the pieces seen so far. */
interface PartialReading {
  /** Runtime text joined across cuts; its last piece is a whole physical line (app text may end it). */
  runtimeText: string
  /** Where the grammar stopped in runtimeText, and what it expected there: the next cut is at or after this. */
  furthest: number
  expected: string[]
  /** App text cut out at earlier joins, with the line each stood on. */
  appTexts: Piece[]
  /** Line the last piece stood on, and its wall-clock time. */
  pieceLine: number
  pieceWallMs: number | null
  /** How unlike app lines the earlier cut-outs were. */
  score: number
  /** Where runtimeText can have been cut (writeBoundaries), worked out on the first join: null when unknown. */
  boundaries?: CutPoint[] | null
}

/** A physical line kept for later: where it stood, its text, its wall-clock time. */
interface Piece {
  line: number
  text: string
  wallMs: number | null
}

interface PendingHead {
  line: number
  text: string
  wallMs: number | null
  /** Index of the runtime text in `text`; before it is the prefix. */
  start: number
  /** Where the head alone stopped parsing: the reason given if its tail never comes. */
  failure: RuntimeParseFailure
  partials: PartialReading[]
  /** Lines that continued the runtime text and were cut again (a runtime line cut twice or more). */
  middle: Piece[]
  /** Whole lines of other output that came between the pieces. */
  between: Piece[]
}

interface Reading {
  partial: PartialReading
  cut: number
  value: RuntimeLineFields
  score: number
}

export class EventReader {
  readonly counts: LineCounts = {total: 0, cycles: 0, scavenger: 0, periodicNotices: 0, pacer: 0, app: 0, spliced: 0, unrecognized: 0}
  readonly splices: SpliceStats = {mended: 0, ambiguous: 0, ambiguousLines: []}
  private pending: PendingHead | undefined
  /** The runtime's own `\n` of a line whose end another write displaced is still to come. */
  private expectRuntimeNewline = false
  private periodicNext = false
  /**
   * The figures of the last cycle read (cycle-figures.ts), what a cut line's readings are scored
   * against: a Go 1.19 line's numbers as they are, any other cycle's made alike.
   */
  private readonly lastFigures = new Float64Array(FIGURES)
  private hasLastCycle = false
  /** A reading's figures, when it came as an object (the text path). */
  private readonly readingFigures = new Float64Array(FIGURES)
  /** The best reading of a gc head held in bytes so far: its numbers, while later cuts are read. */
  private readonly bestLine119 = new Float64Array(FIGURES)
  private lastScavengerTotalKiB: number | null = null
  /** The prefix of a line mended with nothing after it: its runtime `\n` may come stamped alike. */
  private mendedPrefix = ''
  /** The last app line seen: how app lines start (sameShapeAt), for reading cut lines. */
  private lastAppText: string | undefined
  /** …or its bytes, when it came by the byte path (lastAppBytes): decoded only if a cut line needs it. */
  private hasLastAppBytes = false
  private readonly lastAppBytes = new ChunkBytes()
  /** lastAppStart's answer, remade for each head. */
  private readonly appStart = new AppTextStart()
  /** A cut runtime line's head that came by the byte path, held for its tail (holdCutLine). */
  private readonly heldCut = new HeldCutLine()

  private readonly appEvents: boolean
  private readonly rows: NumberRows | undefined

  /**
   * `appEvents: false`: app lines are counted but not emitted (nothing downstream reads them).
   * `rows`: where a whole Go 1.19 gc line or `scav` line read on its bytes goes as its numbers,
   * with no event (nothing downstream reads its event but the tables); without it, it is emitted
   * as any line.
   */
  constructor(
    private readonly emit: (event: TraceEvent) => void,
    options: {appEvents?: boolean; rows?: NumberRows} = {},
  ) {
    this.appEvents = options.appEvents ?? true
    this.rows = options.rows
  }

  /** Feeds the next physical line (without its line terminator), with its wall-clock time when the log format gives one. */
  push(text: string, wallMs: number | null = null): void {
    if (this.heldCut.held) this.releaseHeldCut()
    const line = ++this.counts.total
    if (this.pending === undefined) this.classify(text, line, wallMs)
    else this.continuePending(this.pending, text, line, wallMs)
  }

  /**
   * No line is held or expected (a cut line's head, a runtime newline still to come): the next
   * line is read on its own, so a caller may hand over one it read itself (pushRuntime,
   * pushAppBytes) instead of its text.
   */
  get idle(): boolean {
    return this.pending === undefined && !this.expectRuntimeNewline && !this.heldCut.held
  }

  /** A head of a cut runtime line is held in bytes: the next line goes to pushTailBytes (or push). */
  get holdsCutLine(): boolean {
    return this.heldCut.held
  }

  /**
   * The next line, in bytes[start, end), starts `gc ` or `scav ` and no whole-line template read
   * it (only when idle). Taken (true) when it is what the text path would make into
   *   - the head of a cut Go 1.19 line whose tail must come (it stopped in a field group, so no
   *     cut of it alone ends a line): held, with no line number yet, for pushTailBytes;
   *   - a whole line with other text after it, the runtime's newline still to come: mended now,
   *     as classify mends it (the one reading: cut where the line ends).
   * False: read it as text.
   */
  holdCutLine(bytes: Buffer, start: number, end: number): boolean {
    const held = this.heldCut
    const kind = held.hold(bytes, start, end)
    if (kind !== 'whole') return kind === 'cut'
    if (held.isGc) this.mendHeld119(++this.counts.total, held.gcNumbers, false, held.furthest)
    else this.mendHeld(++this.counts.total, held.whole(), held.furthest)
    this.expectRuntimeNewline = true
    this.mendedPrefix = ''
    return true
  }

  /**
   * The line after a held head, in bytes[start, end): true when the two were mended into one
   * runtime line, with the reading, counts and events the text path gives them (join, then
   * mend) — the same cuts in the same order, the same scores, the same early stops. False when
   * that cannot be told on the bytes: the head has then been read as text, and this line must be
   * too.
   */
  pushTailBytes(bytes: Buffer, start: number, end: number): boolean {
    const held = this.heldCut
    const mended = this.mendHeldCut(held, bytes, start, end)
    if (!mended) this.releaseHeldCut()
    held.held = false
    return mended
  }

  private mendHeldCut(held: HeldCutLine, tail: Buffer, start: number, end: number): boolean {
    if (!held.cutsBefore(tail, start, end)) return false
    const {cuts, bounds, order} = held
    const lastApp = this.lastAppStart()
    for (let i = 0; i < cuts.length; i++) {
      const bound = held.appTextDistance(cuts[i] as number, lastApp)
      if (Number.isNaN(bound)) return false
      bounds[i] = bound
      // joinAt's order: cuts ascending, then (a stable sort) by how well their app text fits.
      let j = i
      while (j > 0 && (bounds[order[j - 1] as number] as number) > bound) {
        order[j] = order[j - 1] as number
        j--
      }
      order[j] = i
    }
    // A gc head's readings are had and scored as numbers (the same figures the cycle would give), the best kept in bestLine119.
    const gc = held.isGc
    let bestCut = -1
    let best: RuntimeLineFields | undefined
    let bestForced = false
    let bestScore = Number.NaN
    let readings = 0
    for (let o = 0; o < cuts.length; o++) {
      const i = order[o] as number
      const bound = bounds[i] as number
      if (bestCut >= 0 && bound >= bestScore) {
        readings++
        continue
      }
      let total: number
      if (gc) {
        const forced = held.line119At(cuts[i] as number)
        // A reading the text path would read with another grammar (an older layout's), or not at all (it keeps those as a line cut again).
        if (forced === undefined) return false
        readings++
        total = bound + (this.hasLastCycle ? cycleDistance(held.gcNumbers, this.lastFigures, bound, bestCut >= 0 ? bestScore : Number.NaN) : 0)
        if (bestCut >= 0 && !(total < bestScore)) continue
        this.bestLine119.set(held.gcNumbers)
        bestForced = forced
      } else {
        const value = held.readingAt(cuts[i] as number)
        if (value === undefined) return false
        readings++
        total = bound + this.distanceFromNeighbours(value, bound, bestCut >= 0 ? bestScore : undefined)
        if (bestCut >= 0 && !(total < bestScore)) continue
        best = value
      }
      bestCut = cuts[i] as number
      bestScore = total
    }
    if (bestCut < 0) return false
    const line = ++this.counts.total
    this.counts.total++
    if (readings > 1) this.countAmbiguous(line)
    this.counts.spliced++
    if (gc) this.mendHeld119(line, this.bestLine119, bestForced, bestCut)
    else this.mendHeld(line, best as RuntimeLineFields, bestCut)
    return true
  }

  /** What mend emits for a head held in bytes and cut at `cut`: the app text cut out of it, then the runtime line, both on the head's line. */
  private mendHeld(line: number, value: RuntimeLineFields, cut: number): void {
    this.mendedAppText(line, cut)
    this.accept(value, line, '', true, null)
  }

  /** mendHeld for a Go 1.19 gc line's numbers: what pushLine119 does with them, the cycle spliced. */
  private mendHeld119(line: number, numbers: Float64Array, forced: boolean, cut: number): void {
    this.mendedAppText(line, cut)
    if (this.rows === undefined) this.accept(cycleOfLine119(numbers, forced), line, '', true, null)
    else this.line119Row(this.rows, numbers, forced, line, true)
  }

  private mendedAppText(line: number, cut: number): void {
    this.splices.mended++
    if (this.appEvents) {
      const text = this.heldCut.appText(cut)
      if (text !== '') this.emit({kind: 'app', line, prefix: '', wallMs: null, text, fromSplice: true})
    }
  }

  /** Gives a held head to the text path, as it would have read it. */
  private releaseHeldCut(): void {
    this.heldCut.held = false
    this.push(this.heldCut.text(), null)
  }

  /** The next line, a whole runtime line the caller parsed with the grammar (only when idle). */
  pushRuntime(value: RuntimeLineFields): void {
    this.accept(value, ++this.counts.total, '', false, null)
  }

  /**
   * The next line, a whole Go 1.19 gc line read on its bytes (only when idle), as its numbers
   * (gc-line.ts gcLine119Numbers): what pushRuntime does with its cycle, without the cycle
   * object when `rows` takes the numbers.
   */
  pushLine119(numbers: Float64Array, forced: boolean): void {
    if (this.rows === undefined) return this.pushRuntime(cycleOfLine119(numbers, forced))
    this.line119Row(this.rows, numbers, forced, ++this.counts.total, false)
  }

  /** What accept does with the cycle of a Go 1.19 line's numbers, the numbers going to `rows`. */
  private line119Row(rows: NumberRows, numbers: Float64Array, forced: boolean, line: number, spliced: boolean): void {
    const trigger = forced ? 'user' : this.periodicNext ? 'periodic' : 'heap'
    this.periodicNext = false
    this.lastFigures.set(numbers)
    this.hasLastCycle = true
    this.counts.cycles++
    rows.addLine119(numbers, stwMsOfLine119(numbers), line, trigger, forced, spliced)
  }

  /**
   * The next line, a whole `scav` line read on its bytes (only when idle), as its numbers and
   * suffix (scavenger-line.ts scavLineNumbers): what pushRuntime does with its report, without
   * the object when `rows` takes the numbers.
   */
  pushScav(numbers: Float64Array, suffix: number): void {
    if (this.rows === undefined) return this.pushRuntime(scavReportOf(numbers, suffix))
    const line = ++this.counts.total
    this.lastScavengerTotalKiB = numbers[1] as number
    this.counts.scavenger++
    this.rows.addScav(numbers, suffix, line, this.lastSeq())
  }

  /** The last cycle's number. */
  private lastSeq(): number | null {
    return this.hasLastCycle ? (this.lastFigures[0] as number) : null
  }

  /**
   * The next line, an app line in bytes[start, end) that holds no runtime text (only when idle,
   * and only when nothing listens for app events): counted, and kept for reading cut lines
   * without being decoded.
   */
  pushAppBytes(bytes: Buffer, start: number, end: number): void {
    this.counts.total++
    this.counts.app++
    if (end > start) {
      this.lastAppText = undefined
      this.hasLastAppBytes = true
      this.lastAppBytes.view(bytes, start, end)
    }
  }

  /**
   * After a chunk's lines: the last app line's bytes, and a cut line's head held for its tail,
   * copied out of the chunk when they are still a view of it (ChunkBytes.keep) — the chunk's
   * memory is read into again once the parser gives it back (open-input.ts, recycle).
   */
  keepChunkViews(): void {
    this.heldCut.keep()
    if (this.hasLastAppBytes) this.lastAppBytes.keep()
  }

  /** End of input: a head still waiting for its tail was a cut line. */
  end(): void {
    if (this.heldCut.held) this.releaseHeldCut()
    if (this.pending !== undefined) this.abandonPending(this.pending)
  }

  private classify(text: string, line: number, wallMs: number | null): void {
    if (this.expectRuntimeNewline) {
      this.expectRuntimeNewline = false
      // The runtime's `\n` alone, or stamped like the line it ends by a tool that stamps every line.
      if (text === '' || (this.mendedPrefix !== '' && linePrefixLength(this.mendedPrefix, text) === text.length)) {
        this.counts.spliced++
        return
      }
    }
    const start = findRuntimeStart(text)
    if (start < 0) {
      if (isRuntimeFragment(text)) this.unrecognized(line, text, '', 'part of a runtime line whose start was not found', wallMs)
      else this.app(line, text, false, wallMs)
      return
    }
    const runtimeText = start === 0 ? text : text.slice(start)
    const parsed = parseRuntimeText(runtimeText)
    if (parsed.ok) {
      this.accept(parsed.value, line, text.slice(0, start), false, wallMs)
      return
    }
    if (start > 0 && !isPrefixLike(text.slice(0, start))) {
      this.app(line, text, false, wallMs)
      return
    }
    const runtimeLine = {runtimeText, furthest: parsed.furthest, expected: parsed.expected, appTexts: [], pieceLine: line, pieceWallMs: wallMs, score: 0}
    const head: PendingHead = {line, text, wallMs, start, failure: parsed, partials: [runtimeLine], middle: [], between: []}
    // Other output that ended the line before the runtime's own newline: `… 2 P` + app text.
    const alone = this.join(head, '').best
    if (alone !== undefined) {
      this.mend(head, alone)
      this.expectRuntimeNewline = true
      this.mendedPrefix = text.slice(0, start)
      return
    }
    this.pending = head
  }

  private continuePending(head: PendingHead, text: string, line: number, wallMs: number | null): void {
    const {best, extensions} = this.joinContinuation(head, text, line, wallMs)
    if (best !== undefined) {
      this.pending = undefined
      this.counts.spliced += head.middle.length + 1
      this.mend(head, best)
      return
    }
    // The line continued the runtime text and was cut again: keep the readings that got furthest.
    if (extensions.length > 0 && head.middle.length < MAX_LINES_BETWEEN_HEAD_AND_TAIL) {
      head.middle.push({line, text, wallMs})
      head.partials = extensions
      return
    }
    // A runtime line of its own cannot stand inside another (the runtime holds its print lock),
    // so the head's tail is lost; likewise when too much other output came between.
    if (findRuntimeStart(text) >= 0 || head.between.length >= MAX_LINES_BETWEEN_HEAD_AND_TAIL) {
      this.abandonPending(head)
      this.classify(text, line, wallMs)
      return
    }
    head.between.push({line, text, wallMs})
  }

  /**
   * Joins `text` to the head. A tool that stamps every line (a timestamp, a syslog tag) stamps
   * the line holding a cut line's tail too: when `text` starts with text shaped like the head's
   * prefix, the tail is what follows it. Otherwise, or when that does not join, the whole line.
   */
  private joinContinuation(head: PendingHead, text: string, line: number, wallMs: number | null): ReturnType<EventReader['join']> {
    const prefixLength = head.start === 0 ? 0 : linePrefixLength(head.text.slice(0, head.start), text)
    if (prefixLength > 0) {
      const joined = this.join(head, text.slice(prefixLength), line, wallMs)
      if (joined.best !== undefined || joined.extensions.length > 0) return joined
    }
    return this.join(head, text, line, wallMs)
  }

  private abandonPending(head: PendingHead): void {
    this.pending = undefined
    this.unrecognized(head.line, head.text.slice(head.start), head.text.slice(0, head.start), `cut line: ${failureReason(head.failure)}`, head.wallMs)
    for (const piece of head.middle) this.unrecognized(piece.line, piece.text, '', 'part of a runtime line whose start was not found', piece.wallMs)
    for (const other of head.between) this.classify(other.text, other.line, other.wallMs)
  }

  /** Emits what a mended runtime line held: the app text cut out of it, the lines between, then the runtime event. */
  private mend(head: PendingHead, reading: Reading): void {
    this.splices.mended++
    const {partial, cut} = reading
    const lastAppText = partial.runtimeText.slice(cut)
    for (const piece of [...partial.appTexts, {line: partial.pieceLine, text: lastAppText, wallMs: partial.pieceWallMs}]) {
      if (piece.text !== '' && this.appEvents) this.emit({kind: 'app', line: piece.line, prefix: '', wallMs: piece.wallMs, text: piece.text, fromSplice: true})
    }
    for (const other of head.between) this.app(other.line, other.text, false, other.wallMs)
    this.accept(reading.value, head.line, head.text.slice(0, head.start), true, head.wallMs)
  }

  /**
   * Joins every partial reading, cut at every place, to `next`: the readings that parse whole
   * (and the best of them, by its neighbours), and those that parse further into `next` before
   * failing — `next` continued the runtime text and was cut again.
   */
  private join(head: PendingHead, next: string, nextLine = 0, nextWallMs: number | null = null): {best: Reading | undefined; extensions: PartialReading[]} {
    // Cuts between whole print arguments first: the only ones the runtime makes, and few. Only
    // when none fits, every position (a file cut some other way — by a tool, or by hand).
    const atBoundaries = this.joinAt(head, next, nextLine, nextWallMs, true)
    // (A line that ends where its app text ends — next === '' — ends at a boundary or not at all.)
    if (atBoundaries.best !== undefined || atBoundaries.extensions.length > 0 || !atBoundaries.boundariesKnown || next === '') return atBoundaries
    return this.joinAt(head, next, nextLine, nextWallMs, false)
  }

  private joinAt(head: PendingHead, next: string, nextLine: number, nextWallMs: number | null, boundariesOnly: boolean): {best: Reading | undefined; extensions: PartialReading[]; boundariesKnown: boolean} {
    let boundariesKnown = boundariesOnly
    let best: Reading | undefined
    let readings = 0
    let extensions: PartialReading[] = []
    let deepest = 0
    // How app lines start, past a stamp like the head's (see joinContinuation): once per join, not per cut.
    const lastApp = this.lastAppTextPast(head.text.slice(0, head.start))
    for (const partial of head.partials) {
      const {runtimeText} = partial
      if (partial.boundaries === undefined) partial.boundaries = writeBoundaries(partial.expected, runtimeText, partial.furthest) ?? null
      const cuts = boundariesOnly ? (partial.boundaries ?? undefined) : undefined
      if (cuts === undefined) boundariesKnown = false
      // Cuts in order of how well their app text fits: a reading scores at least that, so once
      // one reading scores less, the rest cannot win and are not parsed. (They still count as
      // readings for the ambiguity count: the tail already fitted the rest of their field group.)
      const tries = cutsToTry(partial, next, cuts).map((cut) => ({cut, bound: partial.score + appTextDistance(runtimeText, cut, lastApp)}))
      if (tries.length > 1) tries.sort((a, b) => a.bound - b.bound)
      for (const {cut, bound} of tries) {
        if (best !== undefined && bound >= best.score && next !== '') {
          readings++
          continue
        }
        const joined = joinFlat(runtimeText.slice(0, cut), next)
        const parsed = parseRuntimeText(joined)
        if (parsed.ok) {
          readings++
          const total = bound + this.distanceFromNeighbours(parsed.value, bound, best?.score)
          if (best === undefined || total < best.score) best = {partial, cut, value: parsed.value, score: total}
          continue
        }
        const depth = parsed.furthest - cut
        if (next === '' || depth <= 0 || depth < deepest) continue
        if (depth > deepest) {
          deepest = depth
          extensions = []
        }
        if (extensions.length < MAX_PARTIAL_READINGS) {
          extensions.push({runtimeText: joined, furthest: parsed.furthest, expected: parsed.expected, appTexts: [...partial.appTexts, {line: partial.pieceLine, text: runtimeText.slice(cut), wallMs: partial.pieceWallMs}], pieceLine: nextLine, pieceWallMs: nextWallMs, score: bound})
        }
      }
    }
    if (readings > 1) this.countAmbiguous(head.line)
    return {best, extensions, boundariesKnown}
  }

  private countAmbiguous(line: number): void {
    this.splices.ambiguous++
    if (this.splices.ambiguousLines.length < 20) this.splices.ambiguousLines.push(line)
  }

  /**
   * How far a reading is from what its neighbours lead one to expect; 0 is a perfect fit. The
   * previous cycle says what a cycle's numbers should be close to (cycle-figures.ts), the last
   * scavenger total what a report's should; the app lines seen so far say how app text starts
   * (the bound, appTextDistance). `toBeat`: see cycleDistance.
   */
  private distanceFromNeighbours(value: RuntimeLineFields, bound: number, toBeat = Number.NaN): number {
    if (value.kind === 'cycle') {
      if (!this.hasLastCycle) return 0
      figuresOfCycle(value, this.readingFigures)
      return cycleDistance(this.readingFigures, this.lastFigures, bound, toBeat)
    }
    if (value.kind === 'scavenger' && this.lastScavengerTotalKiB !== null && value.totalReleasedKiB !== null) {
      return logDistance(value.totalReleasedKiB, this.lastScavengerTotalKiB, 1)
    }
    return 0
  }

  /** How the last app line starts, for a head held in bytes (no stamp before either): from its bytes when they are ASCII there, without decoding it. */
  private lastAppStart(): AppTextStart | undefined {
    if (this.hasLastAppBytes && this.appStart.setBytes(this.lastAppBytes.bytes, this.lastAppBytes.from, this.lastAppBytes.end)) return this.appStart
    const text = this.lastAppTextPast('')
    return text === undefined ? undefined : this.appStart.setText(text)
  }

  /** The last app line, past a stamp shaped like `stamp` when it has one: app lines stamped like a head are compared by what follows. */
  private lastAppTextPast(stamp: string): string | undefined {
    if (this.hasLastAppBytes) {
      this.lastAppText = this.lastAppBytes.text()
      this.hasLastAppBytes = false
    }
    const text = this.lastAppText
    if (stamp === '' || text === undefined) return text
    return text.slice(linePrefixLength(stamp, text))
  }

  /** Fills in what only the reader knows (where, how triggered, after which cycle) and emits. */
  private accept(value: RuntimeLineFields, line: number, prefix: string, spliced: boolean, wallMs: number | null): void {
    const afterSeq = this.lastSeq()
    value.line = line
    value.prefix = prefix
    value.wallMs = wallMs
    switch (value.kind) {
      case 'cycle':
        value.trigger = value.forced ? 'user' : this.periodicNext ? 'periodic' : 'heap'
        value.spliced = spliced
        this.periodicNext = false
        figuresOfCycle(value, this.lastFigures)
        this.hasLastCycle = true
        this.counts.cycles++
        break
      case 'scavenger':
        value.afterSeq = afterSeq
        value.spliced = spliced
        this.lastScavengerTotalKiB = value.totalReleasedKiB ?? this.lastScavengerTotalKiB
        this.counts.scavenger++
        break
      case 'pacer':
        value.afterSeq = afterSeq
        value.spliced = spliced
        this.counts.pacer++
        break
      case 'periodic-notice':
        this.periodicNext = true
        this.counts.periodicNotices++
    }
    this.emit(value)
  }

  private app(line: number, text: string, fromSplice: boolean, wallMs: number | null): void {
    if (text !== '') {
      this.lastAppText = text
      this.hasLastAppBytes = false
    }
    this.counts.app++
    if (this.appEvents) this.emit({kind: 'app', line, prefix: '', wallMs, text, fromSplice})
  }

  private unrecognized(line: number, text: string, prefix: string, reason: string, wallMs: number | null): void {
    this.counts.unrecognized++
    this.emit({kind: 'unrecognized', line, prefix, wallMs, text, reason})
  }
}

/**
 * The cuts worth trying when `partial` is joined to `next`: the write boundaries when known (the
 * runtime writes each print argument — a number, a separator — with one write(2), so a cut falls
 * between two of them) at which `next` can continue the runtime's text, else every position past
 * where the grammar stopped.
 */
function cutsToTry(partial: PartialReading, next: string, boundaries: CutPoint[] | undefined): number[] {
  const {runtimeText, furthest} = partial
  const end = next === '' ? runtimeText.length - 1 : runtimeText.length
  const cuts: number[] = []
  if (boundaries === undefined) {
    for (let cut = Math.max(1, furthest); cut <= Math.min(end, furthest + MAX_CUT_SEARCH); cut++) cuts.push(cut)
    return cuts
  }
  // Whether `next` goes on from a cut depends only on where in the template the cut is, not on
  // `at`: the cuts after each digit of one number (consecutive boundaries) share one answer.
  let previous: CutPoint | undefined
  let continues = false
  let ascending = true
  for (const cut of boundaries) {
    if (previous === undefined || cut.shape !== previous.shape || cut.piece !== previous.piece || cut.inNumber !== previous.inNumber) continues = mayContinue(cut, next)
    previous = cut
    if (!continues || cut.at < 1 || cut.at > end || cuts.includes(cut.at)) continue
    if (cuts.length > 0 && cut.at < (cuts[cuts.length - 1] as number)) ascending = false
    cuts.push(cut.at)
  }
  return ascending ? cuts : cuts.sort((a, b) => a - b)
}

/**
 * a + b as one flat string. The grammar reads a joined line a character at a time, and a `+`
 * concatenation is a rope that reads several times slower (measured: 0.26 µs more a parse).
 */
function joinFlat(a: string, b: string): string {
  return [a, b].join('')
}

