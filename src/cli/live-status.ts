// The one-line live status on a terminal while a trace streams in (`analyze -`):
//
//   gctrace · 42 cycles · live 256 MB · goal 512 MB · last pause 0.12 ms · RSS 531.0 MiB · warn madv-free: …
//
// Redrawn at most 4 times a second, cut to the terminal's width (a wrapped line could not be
// erased). Nothing at all — no text, no control characters — when the stream is not a TTY.
// The newest finding comes from analysing what has arrived so far, no more often than it costs
// (at most ~10 % of the time: the next analysis waits ten times as long as the last one took).
import type {WriteStream} from 'node:tty'

import {analyzeTrace} from '../analysis/index.js'
import type {Finding} from '../analysis/rules/types.js'
import type {RunEnvironment} from '../analysis/rules/types.js'
import type {GoVersions} from '../analysis/runtime.js'
import {SampleColumns} from '../memory/sample-columns.js'
import type {RssSample} from '../memory/types.js'
import {SegmentCollector} from '../trace/segments.js'
import type {GcCycle, TraceEvent} from '../trace/types.js'

/** At most this often. */
export const STATUS_REDRAW_MS = 250
/** The findings are worked out again no sooner than this. */
const MIN_ANALYSIS_INTERVAL_MS = 2000
/** …and no sooner than this many times the last analysis took. */
const ANALYSIS_COST_FACTOR = 10

export interface StatusState {
  lines: number
  cycles: number
  lastCycle: GcCycle | undefined
  rssKiB: number | null
  finding: Pick<Finding, 'id' | 'severity' | 'title'> | undefined
}

/** The status text for a state (no control characters), cut to `width`. */
export function statusText(state: StatusState, width: number): string {
  const parts = ['gctrace']
  const c = state.lastCycle
  if (c === undefined) parts.push(`waiting for gc lines · ${n(state.lines)} lines read`)
  else {
    parts.push(`${n(state.cycles)} cycles`)
    if (c.heapMB.live !== null) parts.push(`live ${c.heapMB.live} MB`)
    if (c.goalMB !== null) parts.push(`goal ${c.goalMB} MB`)
    parts.push(`last pause ${c.stwMs < 1 ? c.stwMs.toFixed(3) : c.stwMs.toFixed(1)} ms`)
  }
  if (state.rssKiB !== null) parts.push(`RSS ${(state.rssKiB / 1024).toFixed(1)} MiB`)
  if (state.finding !== undefined) parts.push(`${state.finding.severity} ${state.finding.id}: ${state.finding.title}`)
  const text = parts.join(' · ')
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…'
}

function n(x: number): string {
  return x.toLocaleString('en-US')
}

export interface LiveStatusOptions {
  /** The run's settings and Go version, for the findings. */
  environment?: RunEnvironment | null
  goVersion?: GoVersions | undefined
  now?: () => number
}

/** Draws the status on `stream` when it is a TTY; every method is a no-op otherwise. */
export class LiveStatus {
  readonly active: boolean
  private readonly tty: WriteStream | undefined
  private readonly now: () => number
  private readonly state: StatusState = {lines: 0, cycles: 0, lastCycle: undefined, rssKiB: null, finding: undefined}
  private lastDraw = Number.NEGATIVE_INFINITY
  private drawn = false
  private timer: NodeJS.Timeout | undefined
  /** Runtime events (as segments) and samples kept for the findings (only while active). */
  private readonly segments = new SegmentCollector()
  private events = 0
  private readonly samples = new SampleColumns()
  private nextAnalysisAt = 0
  private eventsAtLastAnalysis = 0
  private seenFindings = new Set<string>()

  constructor(
    stream: NodeJS.WriteStream,
    private readonly options: LiveStatusOptions = {},
  ) {
    this.tty = stream.isTTY === true ? (stream as WriteStream) : undefined
    this.active = this.tty !== undefined
    this.now = options.now ?? Date.now
    this.nextAnalysisAt = this.now() + MIN_ANALYSIS_INTERVAL_MS
  }

  /** Every event the parser emits. */
  onEvent(event: TraceEvent): void {
    if (!this.active) return
    if (event.kind === 'app' || event.kind === 'unrecognized') return
    this.segments.add(event)
    this.events++
    if (event.kind === 'cycle') {
      this.state.cycles++
      this.state.lastCycle = event
    }
  }

  onSample(sample: RssSample): void {
    if (!this.active) return
    this.samples.push(sample)
    this.state.rssKiB = sample.rssKiB
    this.changed()
  }

  /** Lines read so far; call after each batch. */
  progress(lines: number): void {
    if (!this.active) return
    this.state.lines = lines
    this.changed()
  }

  /**
   * Erases the line before other output goes to the same terminal (passthrough to a stdout that is
   * this terminal too); it is drawn again below that output when the rate allows.
   */
  clear(): void {
    if (!this.erase()) return
    this.changed()
  }

  /** Erases the line for good. */
  done(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.erase()
  }

  private erase(): boolean {
    if (!this.active || !this.drawn) return false
    ;(this.tty as WriteStream).write('\r\u001B[2K')
    this.drawn = false
    return true
  }

  private changed(): void {
    if (this.timer !== undefined) return
    const wait = this.lastDraw + STATUS_REDRAW_MS - this.now()
    if (wait <= 0) this.draw()
    else {
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.draw()
      }, wait)
      this.timer.unref()
    }
  }

  private draw(): void {
    const tty = this.tty as WriteStream
    this.maybeAnalyze()
    this.lastDraw = this.now()
    // A pseudo-terminal may report 0 columns.
    const width = Math.max(20, (tty.columns > 0 ? tty.columns : 80) - 1)
    tty.write(`\r\u001B[2K${statusText(this.state, width)}`)
    this.drawn = true
  }

  /** The newest finding, from an analysis of what arrived so far, when one is due. */
  private maybeAnalyze(): void {
    const now = this.now()
    if (now < this.nextAnalysisAt || this.events === this.eventsAtLastAnalysis || this.state.cycles === 0) return
    const started = performance.now()
    const segments = this.segments.snapshot()
    const trace = {lines: {total: 0, cycles: 0, scavenger: 0, periodicNotices: 0, pacer: 0, app: 0, spliced: 0, unrecognized: 0}, segments, unrecognized: [], splices: {mended: 0, ambiguous: 0, ambiguousLines: []}}
    try {
      const analysis = analyzeTrace(trace, {
        samples: this.samples.length === 0 ? null : this.samples,
        environment: this.options.environment ?? null,
        ...(this.options.goVersion === undefined ? {} : {goVersion: this.options.goVersion}),
      })
      const findings = (analysis.diagnosis?.findings ?? []).filter((f) => f.id !== 'not-enough-data')
      const fresh = findings.find((f) => !this.seenFindings.has(f.id))
      this.seenFindings = new Set(findings.map((f) => f.id))
      if (fresh !== undefined) this.state.finding = fresh
      else if (this.state.finding !== undefined && !this.seenFindings.has(this.state.finding.id)) this.state.finding = findings[0]
    } catch {
      // A partial trace the rules cannot judge yet: keep the last finding.
    }
    const took = performance.now() - started
    this.eventsAtLastAnalysis = this.events
    this.nextAnalysisAt = now + Math.max(MIN_ANALYSIS_INTERVAL_MS, took * ANALYSIS_COST_FACTOR)
  }
}
