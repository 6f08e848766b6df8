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
import {findRuntimeStart, isPrefixLike, isRuntimeFragment, parseRuntimeText, type RuntimeLineFields} from './runtime-line.js'
import type {GcCycle, Trigger, TraceEvent} from './types.js'

/** How many lines of other output may stand between a cut runtime line's head and its tail. */
const MAX_LINES_BETWEEN_HEAD_AND_TAIL = 4
/**
 * How far past the point where the grammar stopped a cut is looked for. The cut lies inside or
 * just after the token that failed, and no token is this long; without a bound a 10 MB line that
 * starts with `gc ` would be tried at every byte.
 */
const MAX_CUT_SEARCH = 256

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

interface PendingHead {
  line: number
  text: string
  /** Index of the runtime text in `text`; before it is the prefix. */
  start: number
  /** How far the grammar got in the runtime text alone: the cut is at or after this. */
  furthest: number
  reason: string
  between: {line: number; text: string}[]
}

interface Reading {
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
  private lastCycle: GcCycle | undefined
  private lastScavengerTotalKiB: number | null = null
  private lastAppShape: string | undefined

  constructor(private readonly emit: (event: TraceEvent) => void) {}

  /** Feeds the next physical line (without its line terminator). */
  push(text: string): void {
    const line = ++this.counts.total
    if (this.pending === undefined) this.classify(text, line)
    else this.continuePending(this.pending, text, line)
  }

  /** End of input: a head still waiting for its tail was a cut line. */
  end(): void {
    if (this.pending !== undefined) this.abandonPending(this.pending)
  }

  private classify(text: string, line: number): void {
    if (this.expectRuntimeNewline) {
      this.expectRuntimeNewline = false
      if (text === '') {
        this.counts.spliced++
        return
      }
    }
    const start = findRuntimeStart(text)
    if (start < 0) {
      if (isRuntimeFragment(text)) this.unrecognized(line, text, '', 'part of a runtime line whose start was not found')
      else this.app(line, text, false)
      return
    }
    const runtimeText = start === 0 ? text : text.slice(start)
    const parsed = parseRuntimeText(runtimeText)
    if (parsed.ok) {
      this.accept(parsed.value, line, text.slice(0, start), false)
      return
    }
    if (start > 0 && !isPrefixLike(text.slice(0, start))) {
      this.app(line, text, false)
      return
    }
    const head: PendingHead = {line, text, start, furthest: parsed.furthest, reason: parsed.reason, between: []}
    // Other output that ended the line before the runtime's own newline: `… 2 P` + app text.
    const alone = this.bestReading(head, '')
    if (alone !== undefined) {
      this.mend(head, alone)
      this.expectRuntimeNewline = true
      return
    }
    this.pending = head
  }

  private continuePending(head: PendingHead, text: string, line: number): void {
    const reading = this.bestReading(head, text)
    if (reading !== undefined) {
      this.pending = undefined
      this.mend(head, reading)
      this.counts.spliced++
      return
    }
    // A runtime line of its own cannot stand inside another (the runtime holds its print lock),
    // so the head's tail is lost; likewise when too much other output came between.
    if (findRuntimeStart(text) >= 0 || head.between.length >= MAX_LINES_BETWEEN_HEAD_AND_TAIL) {
      this.pending = undefined
      this.abandonPending(head)
      this.classify(text, line)
      return
    }
    head.between.push({line, text})
  }

  private abandonPending(head: PendingHead): void {
    this.pending = undefined
    this.unrecognized(head.line, head.text.slice(head.start), head.text.slice(0, head.start), `cut line: ${head.reason}`)
    for (const other of head.between) this.classify(other.text, other.line)
  }

  /** Emits what a mended runtime line held: the app text cut out of it, the lines between, then the runtime event. */
  private mend(head: PendingHead, reading: Reading): void {
    this.splices.mended++
    const appText = head.text.slice(head.start + reading.cut)
    if (appText !== '') this.emit({kind: 'app', line: head.line, prefix: '', text: appText, fromSplice: true})
    for (const other of head.between) this.app(other.line, other.text, false)
    this.accept(reading.value, head.line, head.text.slice(0, head.start), true)
  }

  /** Every cut of the head that, joined to `tail`, parses; the reading nearest the neighbours. */
  private bestReading(head: PendingHead, tail: string): Reading | undefined {
    const runtimeText = head.text.slice(head.start)
    let best: Reading | undefined
    let readings = 0
    const lastCut = Math.min(runtimeText.length, head.furthest + MAX_CUT_SEARCH)
    for (let cut = Math.max(1, head.furthest); cut <= lastCut; cut++) {
      if (tail === '' && cut === runtimeText.length) break
      const parsed = parseRuntimeText(runtimeText.slice(0, cut) + tail)
      if (!parsed.ok) continue
      readings++
      const score = this.distanceFromNeighbours(parsed.value, runtimeText.slice(0, cut), runtimeText.slice(cut))
      if (best === undefined || score < best.score) best = {cut, value: parsed.value, score}
    }
    if (readings > 1) {
      this.splices.ambiguous++
      if (this.splices.ambiguousLines.length < 20) this.splices.ambiguousLines.push(head.line)
    }
    return best
  }

  /**
   * How far a reading is from what its neighbours lead one to expect; 0 is a perfect fit. The
   * previous cycle says what the numbers should be close to (the next cycle number above all),
   * and the app lines seen so far say how app text starts (`2026/11/25 …` rather than `26/11/25 …`).
   */
  private distanceFromNeighbours(value: RuntimeLineFields, runtimeText: string, appText: string): number {
    let score = this.appTextDistance(runtimeText, appText)
    if (value.kind === 'cycle') {
      const previous = this.lastCycle
      if (previous === undefined) return score
      const c = value.fields
      const step = c.seq - previous.seq
      score += step === 1 ? 0 : c.seq === 1 ? 2 : step > 1 && step < 1000 ? 1 + Math.log10(step) : 10
      if (c.at !== null && previous.at !== null && c.at < previous.at && c.seq !== 1) score += 5
      score += logDistance(c.gcCpuPercent ?? 0, previous.gcCpuPercent ?? 0)
      score += logDistance(c.heapMB.atStart, previous.heapMB.atStart) + logDistance(c.heapMB.atEnd, previous.heapMB.atEnd)
      score += logDistance(c.heapMB.live ?? 0, previous.heapMB.live ?? 0) + logDistance(c.goalMB ?? 0, previous.goalMB ?? 0)
      score += logDistance(c.stacksMB ?? 0, previous.stacksMB ?? 0) + logDistance(c.globalsMB ?? 0, previous.globalsMB ?? 0)
      // Phase times vary from cycle to cycle far more than sizes do: a light weight.
      for (const key of ['sweepTermination', 'mark', 'markTermination'] as const) score += 0.25 * logDistance(c.clockMs[key], previous.clockMs[key], 0.01)
      if (c.cpuMs !== null && previous.cpuMs !== null) {
        for (const key of ['sweepTermination', 'assist', 'background', 'idle', 'markTermination'] as const) score += 0.25 * logDistance(c.cpuMs[key], previous.cpuMs[key], 0.01)
      }
      if (c.procs !== previous.procs) score += 1
      return score
    }
    if (value.kind === 'scavenger' && this.lastScavengerTotalKiB !== null && value.fields.totalReleasedKiB !== null) {
      return score + logDistance(value.fields.totalReleasedKiB, this.lastScavengerTotalKiB)
    }
    return score
  }

  /**
   * How unlike an app line's start the cut-out text is. Numbers are written whole, so a digit run
   * split between runtime text and app text (`0.02` + `5worker …`, `0` + `.15worker …`) is suspect — unless app lines
   * seen before start the same way (`2026/11/25 …` after `gc 8172`).
   */
  private appTextDistance(runtimeText: string, appText: string): number {
    if (appText === '') return 0
    if (this.lastAppShape !== undefined && shapeOf(appText) === this.lastAppShape) return 0
    let score = this.lastAppShape === undefined ? 0 : 0.5
    if (isDigit(runtimeText.charCodeAt(runtimeText.length - 1)) && NUMBER_CONTINUES.test(appText)) score += 2
    return score
  }

  private accept(value: RuntimeLineFields, line: number, prefix: string, spliced: boolean): void {
    const afterSeq = this.lastCycle?.seq ?? null
    switch (value.kind) {
      case 'cycle': {
        const trigger: Trigger = value.fields.forced ? 'user' : this.periodicNext ? 'periodic' : 'heap'
        this.periodicNext = false
        const cycle: GcCycle = {kind: 'cycle', ...value.fields, trigger, line, prefix, spliced}
        this.lastCycle = cycle
        this.counts.cycles++
        this.emit(cycle)
        return
      }
      case 'scavenger':
        this.lastScavengerTotalKiB = value.fields.totalReleasedKiB ?? this.lastScavengerTotalKiB
        this.counts.scavenger++
        this.emit({kind: 'scavenger', ...value.fields, afterSeq, line, prefix, spliced})
        return
      case 'pacer':
        this.counts.pacer++
        this.emit({kind: 'pacer', ...value.fields, afterSeq, line, prefix, spliced})
        return
      case 'periodic-notice':
        this.periodicNext = true
        this.counts.periodicNotices++
        this.emit({kind: 'periodic-notice', line, prefix})
    }
  }

  private app(line: number, text: string, fromSplice: boolean): void {
    if (text !== '') this.lastAppShape = shapeOf(text)
    this.counts.app++
    this.emit({kind: 'app', line, prefix: '', text, fromSplice})
  }

  private unrecognized(line: number, text: string, prefix: string, reason: string): void {
    this.counts.unrecognized++
    this.emit({kind: 'unrecognized', line, prefix, text, reason})
  }
}

/** |log2| of the ratio of two values; `floor` keeps zeros comparable (1 for MiB, 0.01 for ms). */
function logDistance(a: number, b: number, floor = 1): number {
  return Math.abs(Math.log2((a + floor) / (b + floor)))
}

/** Text that would continue a number: `5…`, `.15…`. */
const NUMBER_CONTINUES = /^\.?\d/

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** The first characters of a line as character classes: `2026/11/25 …` → `9999/`. */
function shapeOf(text: string): string {
  return text.slice(0, 5).replace(/\d/g, '9').replace(/[A-Za-z]/g, 'a')
}
