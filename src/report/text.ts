// The terminal page: one block per segment, then where every input line went.
import type {Analysis} from '../analysis/index.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {WallClock} from '../analysis/wall-clock.js'
import {readingNotes} from '../input/log-format.js'
import type {Segment} from '../trace/segments.js'
import {renderDiagnosisText} from './diagnosis-text.js'

export interface TextOptions {
  input: string
  /** ANSI emphasis; the command decides (TTY, NO_COLOR). */
  color: boolean
}

/** How many unrecognized lines to quote. */
const UNRECOGNIZED_SHOWN = 5

export function renderText(analysis: Analysis, options: TextOptions): string {
  const {trace, summaries} = analysis
  const bold = (s: string) => (options.color ? `\u001B[1m${s}\u001B[22m` : s)
  const dim = (s: string) => (options.color ? `\u001B[2m${s}\u001B[22m` : s)
  const colour = (code: number, s: string) => (options.color ? `\u001B[${code}m${s}\u001B[39m` : s)
  const severity = (f: {severity: string}) => colour(f.severity === 'critical' ? 31 : f.severity === 'warn' ? 33 : 36, f.severity.toUpperCase().padEnd(4))
  const out: string[] = [bold(`gctrace — ${options.input}`), '']
  if (analysis.diagnosis !== null) {
    out.push(...renderDiagnosisText(analysis.diagnosis, {bold, dim, severity}))
    if (trace.segments.length > 1) out.push(dim(`  (the diagnosis is of segment ${analysis.diagnosis.segmentIndex + 1}, the last run in the input)`), '')
  }
  trace.segments.forEach((segment, i) => {
    out.push(bold(`Segment ${i + 1} of ${trace.segments.length} · ${segment.goEra.label}`) + dim(` · lines ${segment.firstLine}–${segment.lastLine}${startNote(segment)}`))
    out.push(...renderSummary(summaries[i] as SegmentSummary, segment, analysis.wallClocks?.[i] ?? null).map((row) => `  ${row}`), '')
  })
  const {lines, splices} = trace
  out.push(
    bold('Input lines') +
      ` ${n(lines.total)}: ${n(lines.cycles)} cycles · ${n(lines.scavenger)} scavenger · ${n(lines.periodicNotices)} GC forced · ${n(lines.pacer)} pacer · ` +
      `${n(lines.app)} app · ${n(lines.spliced)} spliced · ${n(lines.unrecognized)} unrecognized`,
  )
  for (const reading of analysis.logReadings ?? []) {
    if (reading.format === null || (reading.format === 'plain' && !reading.forced)) continue
    const notes = readingNotes(reading)
    out.push(`  ${reading.name}: read as ${reading.format}${reading.forced ? ' (--format)' : ''}, the collector's envelope removed${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`)
  }
  if (splices.mended > 0) {
    const ambiguous = splices.ambiguous > 0 ? `; ${n(splices.ambiguous)} could be read more than one way and were read to fit the cycles around them (lines ${splices.ambiguousLines.join(', ')}${splices.ambiguous > splices.ambiguousLines.length ? ', …' : ''})` : ''
    out.push(`  ${n(splices.mended)} runtime lines were cut by other output and mended${ambiguous}.`)
  }
  for (const u of trace.unrecognized.slice(0, UNRECOGNIZED_SHOWN)) out.push(`  unrecognized line ${u.line}: ${truncate(u.text, 100)} ${dim(`(${u.reason})`)}`)
  if (lines.unrecognized > UNRECOGNIZED_SHOWN) out.push(`  … ${n(lines.unrecognized - UNRECOGNIZED_SHOWN)} more unrecognized (--json lists up to ${trace.unrecognized.length})`)
  return out.join('\n') + '\n'
}

function renderSummary(s: SegmentSummary, segment: Segment, wallClock: WallClock | null): string[] {
  const rows: [string, string][] = []
  const span = s.firstAt !== null && s.lastAt !== null ? ` (@${s.firstAt.toFixed(3)}s → @${s.lastAt.toFixed(3)}s)` : ''
  rows.push(['run', `${s.durationS === null ? 'no times printed' : seconds(s.durationS)}${span}, ${n(s.cycles)} cycles${s.cyclesPerMinute === null ? '' : `, ${fixed(s.cyclesPerMinute)} cycles/min`}`])
  if (wallClock !== null) rows.push(['wall clock', renderWallClock(wallClock)])
  if (s.lostCycles > 0) rows.push(['lost cycles', `${n(s.lostCycles)} cycle numbers missing in ${n(segment.gaps.length)} gaps (first after gc ${segment.gaps[0]?.afterSeq})`])
  if (s.gcCpuPercent !== null) rows.push(['GC CPU', `${s.gcCpuPercent}% since start (cumulative, as the last cycle printed it)`])
  if (s.stwPauseMs !== null) {
    const p = s.stwPauseMs
    const worst = p.worst.slice(0, 3).map((w) => `gc ${w.seq}${w.at === null ? '' : ` @${w.at.toFixed(3)}s`}`)
    rows.push(['STW pause', `p50 ${ms(p.p50)} · p90 ${ms(p.p90)} · p99 ${ms(p.p99)} · max ${ms(p.max)} (longest: ${worst.join(', ')})`])
  }
  if (s.liveHeapMB !== null) rows.push(['live heap', `min ${s.liveHeapMB.min} · median ${s.liveHeapMB.median} · max ${s.liveHeapMB.max} MB`])
  if (s.peakHeapMB !== null) rows.push(['peak heap', `${s.peakHeapMB.value} MB (gc ${s.peakHeapMB.seq}${s.peakHeapMB.at === null ? '' : ` @${s.peakHeapMB.at.toFixed(3)}s`})`])
  if (s.goalMB !== null) rows.push(['heap goal', `${s.goalMB.min}–${s.goalMB.max} MB, last ${s.goalMB.last} MB`])
  if (s.stacksMB !== null && s.globalsMB !== null) rows.push(['stacks, globals', `stacks max ${s.stacksMB.max} MB (last ${s.stacksMB.last}) · globals ${s.globalsMB.last} MB`])
  const t = s.triggers
  rows.push(['triggers', `${n(t.heap)} heap · ${n(t.periodic)} periodic (GC forced) · ${n(t.user)} user (runtime.GC, FreeOSMemory)`])
  const sc = s.scavenger
  if (sc.reports > 0) {
    const parts = [`${n(sc.reports)} reports`, `${mib(sc.releasedKiB)} released in all`]
    if (sc.totalReleasedKiB !== null) parts.push(`${mib(sc.totalReleasedKiB)} released at the last report`)
    if (sc.retainedKiB !== null) parts.push(`${mib(sc.retainedKiB)} retained`)
    if (sc.forcedReports > 0) parts.push(`${n(sc.forcedReports)} forced`)
    rows.push(['scavenger', parts.join(' · ')])
  } else rows.push(['scavenger', 'no reports (Go 1.14+ prints them with GODEBUG=scavtrace=1)'])
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`)
}

/** The segment's first and last line as UTC times, and the process start derived from the cycles. */
/** A segment's wall-clock span and the process start derived from it, in UTC (text and HTML). */
export function renderWallClock(w: WallClock): string {
  const first = utc(w.firstMs)
  const last = utc(w.lastMs)
  const sameDay = first.slice(0, 10) === last.slice(0, 10)
  const span = `${first} → ${sameDay ? last.slice(11) : last} UTC`
  if (w.processStartMs === null || w.spreadMs === null) return `${span} · process start unknown (no cycle has both @Ns and a time)`
  return `${span} · process start ${utc(w.processStartMs)} UTC (±${n(w.spreadMs)} ms, p95 over ${n(w.cyclesUsed)} cycles)`
}

/** Epoch ms as `2026-11-25 18:02:19.410` (UTC). */
export const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23)

function startNote(segment: Segment): string {
  if (segment.startReason === 'cycle-number-restart') return ' · cycle numbers restarted (a new process?)'
  if (segment.startReason === 'time-went-back') return ' · the clock went back (a new process?)'
  return ''
}

const n = (value: number) => value.toLocaleString('en-US')
const fixed = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))
const ms = (value: number) => `${value >= 10 ? value.toFixed(1) : value.toFixed(3)} ms`
const mib = (kib: number) => `${(kib / 1024).toFixed(kib >= 10 * 1024 ? 0 : 1)} MiB`
const truncate = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s)

function seconds(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`
  if (s < 7200) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(1)} h`
}
