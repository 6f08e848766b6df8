// The HTML postmortem (`gctrace report`): one self-contained file to attach to an incident.
//
//   1. the answer: "Why is RSS high?" — the attribution at the RSS peak and the end, and the
//      ranked findings with their paragraphs and advice
//   2. the charts (charts.ts), drawn in the page by the inlined vega bundles
//   3. pauses: percentiles and the longest pauses, from every cycle
//   4. the segments and their Go era
//   5. the input accounting: lines by kind, spliced, unrecognized (quoted), prefixes
//   6. how the file was made
//
// Safe to open (page.ts): a Content-Security-Policy allows only the page's own scripts (by hash),
// inline styles and data: images — no request can leave the page — and every piece of input text
// goes through html`…`, which escapes it. Data travels as JSON in a <script type="application/json">
// block with `<` written \u003c.
import type {Attribution} from '../analysis/attribution.js'
import type {Analysis, Diagnosis} from '../analysis/index.js'
import type {Finding} from '../analysis/rules/types.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {SampleSeries} from '../memory/types.js'
import type {Segment} from '../trace/segments.js'
import type {Bundle} from './bundles.js'
import {buildChart, CHART_KINDS, type ChartKind, type ChartOptions, chartSegmentIndex, type VegaLiteSpec} from './charts.js'
import {DEFAULT_MAX_POINTS} from './downsample.js'
import {html, type SafeHtml} from './html-safe.js'
import {renderPage} from './page.js'
import {longestPauses, LONGEST_PAUSES, summarizePrefixes} from './report-tables.js'
import {renderWallClock, utc} from './text.js'

export interface ReportMeta {
  /** What the input is called: the folder, the path, or "stdin". */
  input: string
  gctraceVersion: string
  /** The command that wrote the file, as typed (quoted for a shell). */
  commandLine: string
  generatedAt: Date
  samples: SampleSeries | null
}

/** Unrecognized lines and prefixes quoted in the input accounting. */
const EXAMPLES_SHOWN = 10
/** Characters of each quoted line. */
const QUOTE_CHARS = 200

export function renderReportHtml(analysis: Analysis, meta: ReportMeta, bundles: Bundle[], chartOptions: ChartOptions = {}): string {
  const process = renderProcessBody(analysis, meta, chartOptions)
  const body = html`<main>
${process.body}
${renderMade(meta, bundles, chartOptions)}
</main>`
  return renderPage({title: `gctrace report — ${meta.input}`, body, charts: process.charts}, bundles)
}

/** One process's part of a page: its content and the charts to draw into it. */
export interface ProcessBody {
  body: SafeHtml
  /** Keyed by `idPrefix + kind`: the page script draws each into the element `chart-KEY`. */
  charts: Record<string, VegaLiteSpec | null>
}

/**
 * Sections 1–5 for one process. `idPrefix` goes before every element id and chart key, so that
 * several processes can share one page (fleet-html.ts); the single report has none.
 */
export function renderProcessBody(analysis: Analysis, meta: Omit<ReportMeta, 'commandLine'>, chartOptions: ChartOptions = {}, idPrefix = ''): ProcessBody {
  const specs = Object.fromEntries(CHART_KINDS.map((kind) => [kind, buildChart(kind, analysis, chartOptions)])) as Record<ChartKind, VegaLiteSpec | null>
  const id = (name: string) => `${idPrefix}${name}`
  const body = html`${renderHeader(analysis, meta, id)}
${renderAnswer(analysis.diagnosis, id)}
${renderCharts(analysis, specs, chartOptions, id)}
${renderPauses(analysis, id)}
${renderSegments(analysis, id)}
${renderInput(analysis, meta.samples, id)}`
  return {body, charts: Object.fromEntries(CHART_KINDS.map((kind) => [id(kind), specs[kind]]))}
}

/** An element id with the process's prefix (renderProcessBody). */
type IdOf = (name: string) => string

function renderHeader(analysis: Analysis, meta: Omit<ReportMeta, 'commandLine'>, id: IdOf): SafeHtml {
  const index = chartSegmentIndex(analysis)
  const summary = analysis.summaries[index]
  const facts: string[] = []
  if (summary !== undefined) {
    facts.push(summary.goEra)
    if (summary.durationS !== null) facts.push(`${duration(summary.durationS)} traced`)
    facts.push(`${n(summary.cycles)} cycles`)
  }
  facts.push(meta.samples === null ? 'no memory samples' : `${n(meta.samples.samples.length)} memory samples`)
  facts.push(`made ${meta.generatedAt.toISOString().replace(/\.\d+Z$/, 'Z')} by gctrace ${meta.gctraceVersion}`)
  return html`<header>
<h1>Why is RSS high? <span class="input">${meta.input}</span></h1>
<p class="sub">${facts.join(' · ')}</p>
<nav><a href="#${id('answer')}">Answer</a><a href="#${id('charts')}">Charts</a><a href="#${id('pauses')}">Pauses</a><a href="#${id('segments')}">Segments</a><a href="#${id('input')}">Input</a><a href="#made">How this file was made</a></nav>
</header>`
}

// ---------------------------------------------------------------------------------------------
// 1. The answer

function renderAnswer(diagnosis: Diagnosis | null, id: IdOf): SafeHtml {
  if (diagnosis === null) return html`<section id="${id('answer')}"><h2>The answer</h2><p>The input holds no GC cycles, so there is nothing to diagnose.</p></section>`
  const {attribution, findings, notJudged} = diagnosis
  const parts =
    attribution === null
      ? html`<p class="callout">No memory samples were given, so RSS itself cannot be split up; the findings below come from the trace alone. Give samples with <code>--rss FILE</code>, or report on a recording folder.</p>`
      : html`<div class="attribution">${renderAttribution('At the RSS peak', attribution.atPeak)}${attribution.atEnd.at === attribution.atPeak.at ? '' : renderAttribution('At the end', attribution.atEnd)}</div>`
  return html`<section id="${id('answer')}">
<h2>The answer</h2>
${parts}
<h3>Findings, ranked by the memory they explain</h3>
${findings.length === 0 ? html`<p>No findings: nothing in this run stands out.</p>` : html`<ol class="findings">${findings.map((f, i) => renderFinding(f, i + 1, id))}</ol>`}
${notJudged.length === 0 ? '' : html`<details><summary>Not judged (${notJudged.length})</summary><ul>${notJudged.map((x) => html`<li><code>${x.id}</code>: ${x.reason}</li>`)}</ul></details>`}
</section>`
}

function renderAttribution(when: string, attribution: Attribution): SafeHtml {
  const parts = [...attribution.parts].filter((p) => p.mib >= 0.5).sort((a, b) => b.mib - a.mib)
  const share = (mib: number) => (attribution.rssMiB > 0 ? (mib / attribution.rssMiB) * 100 : 0)
  return html`<table>
<caption style="text-align:left"><strong>${when}: ${Math.round(attribution.rssMiB)} MiB RSS</strong> <span class="muted">@${attribution.at.toFixed(1)}s</span></caption>
<tr><th class="num">MiB</th><th class="num">share</th><th></th><th>part</th></tr>
${parts.map(
  (p) =>
    html`<tr><td class="num">${Math.round(p.mib)}</td><td class="num">${Math.round(share(p.mib))}%</td><td><span class="bar" style="width:${Math.max(1, Math.round(share(p.mib) * 1.2))}px"></span></td><td>${p.label}${p.basis === 'estimated' ? html`<span class="tag">estimated</span>` : ''}</td></tr>`,
)}
</table>`
}

/** One finding as the report shows it: severity, title, paragraph, advice, evidence. */
export function renderFinding(finding: Finding, rank: number, id: IdOf = (name) => name): SafeHtml {
  const explains = finding.explainsMiB >= 1 ? html` <span class="muted">· explains ${Math.round(finding.explainsMiB)} MiB</span>` : ''
  return html`<li class="sev-${finding.severity}" id="${id(`finding-${finding.id}`)}">
<div><span class="sev">${finding.severity.toUpperCase()}</span><span class="finding-title">${rank}. ${finding.title}</span> <code class="muted">[${finding.id}]</code>${explains}</div>
<p>${finding.because}</p>
${finding.advice.length === 0 ? '' : html`<ul class="advice">${finding.advice.map((a) => html`<li>${a}</li>`)}</ul>`}
<details><summary>Evidence and references</summary>
<table>${finding.evidence.map((e) => html`<tr><td>${e.label}</td><td class="num">${fmt(e.value)} ${e.unit}</td><td class="muted">${e.at === undefined ? '' : `@${e.at.toFixed(1)}s`}</td></tr>`)}</table>
${finding.references.length === 0 ? '' : html`<ul>${finding.references.map((r) => html`<li>${/^https:\/\//.test(r) ? html`<a href="${r}" rel="noreferrer noopener">${r}</a>` : r}</li>`)}</ul>`}
</details>
</li>`
}

// ---------------------------------------------------------------------------------------------
// 2. Charts

const CHART_NOTES: Record<ChartKind, string> = {
  memory:
    'RSS as sampled (and RssAnon, LazyFree, cgroup memory when the samples have them) against what the runtime printed at each cycle: heap at cycle start and end, live heap, heap goal, and the scavenger’s total released. Thin grey and pink lines mark periodic (GC forced) and user-forced cycles; black dashed lines, the moments the findings cite (labelled with the finding’s id).',
  attribution: 'Each memory sample split into the parts the runtime’s numbers explain (the tables above name each part in full and say which are estimates), stacked: the top of the stack is RSS. Hover for every part at that moment.',
  pauses: 'Stop-the-world time of every cycle with its p50 and p99; the GC CPU share the runtime printed (cumulative since start); and the time from one cycle to the next (log scale: the 2-minute periodic cycles stand out at the top).',
}

function renderCharts(analysis: Analysis, charts: Record<ChartKind, VegaLiteSpec | null>, options: ChartOptions, id: IdOf): SafeHtml {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS
  const cycles = (analysis.trace.segments[chartSegmentIndex(analysis)] as Segment).cycles.length
  const downsampled = cycles > maxPoints ? html` Series of more than ${n(maxPoints)} points are downsampled for drawing, keeping each stretch’s highest and lowest values; every number in the tables comes from all ${n(cycles)} cycles.` : ''
  return html`<section id="${id('charts')}">
<h2>Charts</h2>
<p class="chart-note">Drag to pan, scroll to zoom, hover for values; double-click resets.${downsampled}</p>
<noscript><p class="callout">The charts need JavaScript; everything else on this page is plain HTML.</p></noscript>
${CHART_KINDS.map((kind) =>
  charts[kind] === null
    ? html`<p class="callout" id="chart-${id(kind)}-missing">The RSS attribution chart needs memory samples: give <code>--rss FILE</code>, or report on a recording folder.</p>`
    : html`<p class="chart-note">${CHART_NOTES[kind]}</p><div class="chart" id="chart-${id(kind)}" data-chart="${kind}"></div>`,
)}
</section>`
}

// ---------------------------------------------------------------------------------------------
// 3. Pauses

function renderPauses(analysis: Analysis, id: IdOf): SafeHtml {
  const rows = analysis.trace.segments.map((segment, i) => ({segment, summary: analysis.summaries[i] as SegmentSummary})).filter(({segment}) => segment.cycles.length > 0)
  const many = rows.length > 1
  return html`<section id="${id('pauses')}">
<h2>Stop-the-world pauses</h2>
<p class="muted">Per cycle: sweep termination + mark termination (docs/cli.md). Nearest-rank percentiles over every cycle.</p>
${rows.map(({segment, summary}) => {
  const p = summary.stwPauseMs
  if (p === null) return ''
  const longest = longestPauses(segment.cycles, LONGEST_PAUSES)
  const withWall = longest.some((x) => x.wallMs !== null)
  return html`${many ? html`<h3>Segment ${segment.index + 1}</h3>` : ''}
<table><tr><th class="num">cycles</th><th class="num">p50</th><th class="num">p90</th><th class="num">p99</th><th class="num">max</th></tr>
<tr><td class="num">${n(summary.cycles)}</td><td class="num">${ms(p.p50)}</td><td class="num">${ms(p.p90)}</td><td class="num">${ms(p.p99)}</td><td class="num">${ms(p.max)}</td></tr></table>
<table><caption style="text-align:left">The ${longest.length} longest pauses</caption>
<tr><th class="num">#</th><th>cycle</th><th class="num">at</th>${withWall ? html`<th class="num">wall clock (UTC)</th>` : ''}<th class="num">pause</th><th>trigger</th><th class="num">input line</th></tr>
${longest.map((x, i) => html`<tr><td class="num">${i + 1}</td><td>gc ${x.seq}</td><td class="num">${x.at === null ? '—' : `@${x.at.toFixed(3)}s`}</td>${withWall ? html`<td class="num">${x.wallMs === null ? '—' : utc(x.wallMs)}</td>` : ''}<td class="num">${ms(x.ms)}</td><td>${x.trigger}</td><td class="num">${x.line}</td></tr>`)}
</table>`
})}
</section>`
}

// ---------------------------------------------------------------------------------------------
// 4. Segments

const START_REASONS: Record<Segment['startReason'], string> = {
  'input-start': 'start of the input',
  'cycle-number-restart': 'cycle numbers restarted (a new process?)',
  'time-went-back': 'the clock went back (a new process?)',
}

function renderSegments(analysis: Analysis, id: IdOf): SafeHtml {
  const diagnosed = analysis.diagnosis?.segmentIndex
  const {segments} = analysis.trace
  // One column per segment, one row per fact: most inputs have one segment, and a row per fact reads.
  const facts: [string, (segment: Segment, s: SegmentSummary) => SafeHtml | string][] = [
    ['Go era', (_, s) => s.goEra],
    ['input lines', (segment) => `${n(segment.firstLine)}–${n(segment.lastLine)}`],
    ['started by', (segment) => START_REASONS[segment.startReason]],
    ['run', (_, s) => (s.durationS === null ? 'no times printed' : `${duration(s.durationS)} (@${(s.firstAt as number).toFixed(3)}s → @${(s.lastAt as number).toFixed(3)}s)`)],
    ['wall clock', (segment) => {
      const wallClock = analysis.wallClocks?.[segment.index] ?? null
      return wallClock === null ? 'not in the log (plain stderr has no times)' : renderWallClock(wallClock)
    }],
    ['cycles', (_, s) => `${n(s.cycles)}${s.cyclesPerMinute === null ? '' : `, ${fmt(s.cyclesPerMinute)} per minute`}`],
    ['lost cycles', (segment, s) => (s.lostCycles === 0 ? 'none' : `${n(s.lostCycles)} cycle numbers missing in ${n(segment.gaps.length)} gaps`)],
    ['GC CPU', (_, s) => (s.gcCpuPercent === null ? '—' : `${s.gcCpuPercent}% since start (as the last cycle printed it)`)],
    ['live heap', (_, s) => (s.liveHeapMB === null ? '—' : `min ${s.liveHeapMB.min} · median ${s.liveHeapMB.median} · max ${s.liveHeapMB.max} MB`)],
    ['peak heap', (_, s) => (s.peakHeapMB === null ? '—' : `${s.peakHeapMB.value} MB (gc ${s.peakHeapMB.seq}${s.peakHeapMB.at === null ? '' : ` @${s.peakHeapMB.at.toFixed(3)}s`})`)],
    ['heap goal', (_, s) => (s.goalMB === null ? '—' : `${s.goalMB.min}–${s.goalMB.max} MB, last ${s.goalMB.last} MB`)],
    ['stacks, globals', (_, s) => (s.stacksMB === null || s.globalsMB === null ? '—' : `stacks max ${s.stacksMB.max} MB (last ${s.stacksMB.last}) · globals ${s.globalsMB.last} MB`)],
    ['triggers', (_, s) => `${n(s.triggers.heap)} heap · ${n(s.triggers.periodic)} periodic (GC forced) · ${n(s.triggers.user)} user (runtime.GC, FreeOSMemory)`],
    [
      'scavenger',
      (_, s) => {
        const sc = s.scavenger
        if (sc.reports === 0) return 'no reports (Go 1.14+ prints them with GODEBUG=scavtrace=1)'
        return [`${n(sc.reports)} reports`, `${mib(sc.releasedKiB)} released in all`, sc.totalReleasedKiB === null ? '' : `${mib(sc.totalReleasedKiB)} released at the last report`, sc.retainedKiB === null ? '' : `${mib(sc.retainedKiB)} retained`].filter((x) => x !== '').join(' · ')
      },
    ],
  ]
  return html`<section id="${id('segments')}">
<h2>Segments and Go era</h2>
<p class="muted">A segment is one run of a process: it ends where the cycle number or the clock goes back. The era is guessed from the shapes of the runtime’s lines${analysis.diagnosis?.goVersions.exact === true ? html`; the diagnosis assumed <strong>${analysis.diagnosis.goVersions.label}</strong> (given or recorded)` : ''}. Sizes the runtime prints are floor(MiB), labelled MB as it labels them.</p>
<table>
<tr><th></th>${segments.map((segment, i) => html`<th>Segment ${i + 1} of ${segments.length}${i === diagnosed ? html`<span class="tag">diagnosed</span>` : ''}</th>`)}</tr>
${facts.map(([label, value]) => html`<tr><th>${label}</th>${segments.map((segment, i) => html`<td>${value(segment, analysis.summaries[i] as SegmentSummary)}</td>`)}</tr>`)}
</table>
</section>`
}

// ---------------------------------------------------------------------------------------------
// 5. Input accounting

function renderInput(analysis: Analysis, samples: SampleSeries | null, id: IdOf): SafeHtml {
  const {lines, splices, unrecognized} = analysis.trace
  const kinds: [string, number, string][] = [
    ['cycles', lines.cycles, 'gc lines'],
    ['scavenger', lines.scavenger, 'scvg / scav lines'],
    ['GC forced', lines.periodicNotices, 'notices before a periodic cycle'],
    ['pacer', lines.pacer, 'gcpacertrace lines'],
    ['app', lines.app, 'the program’s own output'],
    ['spliced', lines.spliced, 'lines holding the rest of a runtime line another write had cut'],
    ['unrecognized', lines.unrecognized, 'look like runtime output but do not parse'],
  ]
  const prefixes = summarizePrefixes(analysis.trace.segments, EXAMPLES_SHOWN)
  return html`<section id="${id('input')}">
<h2>Input accounting</h2>
<table><tr><th>lines</th><th class="num">${n(lines.total)}</th><th></th></tr>
${kinds.map(([kind, count, what]) => html`<tr><td>${kind}</td><td class="num">${n(count)}</td><td class="muted">${what}</td></tr>`)}
</table>
${splices.mended === 0 ? '' : html`<p>${n(splices.mended)} runtime lines were cut by other output and mended${splices.ambiguous === 0 ? '' : html`; ${n(splices.ambiguous)} could be read more than one way and were read to fit the cycles around them (lines ${splices.ambiguousLines.join(', ')}${splices.ambiguous > splices.ambiguousLines.length ? ', …' : ''})`}.</p>`}
${unrecognized.length === 0 ? '' : html`<h3>Unrecognized lines (first ${Math.min(EXAMPLES_SHOWN, unrecognized.length)} of ${n(lines.unrecognized)})</h3>
<table class="quotes"><tr><th class="num">line</th><th>text</th><th>why</th></tr>
${unrecognized.slice(0, EXAMPLES_SHOWN).map((u) => html`<tr><td class="num">${u.line}</td><td class="mono">${quote(u.prefix + u.text)}</td><td class="muted">${u.reason}</td></tr>`)}
</table>`}
${prefixes.lines === 0 ? '' : html`<h3>Text before runtime output</h3>
<p class="muted">${n(prefixes.lines)} runtime lines started after other text (a log timestamp, a collector’s tag, or app output written without a newline). The most common:</p>
<table class="quotes"><tr><th class="num">lines</th><th class="num">first at line</th><th>prefix</th></tr>
${prefixes.examples.map((p) => html`<tr><td class="num">${n(p.count)}</td><td class="num">${p.line}</td><td class="mono">${quote(p.prefix)}</td></tr>`)}
</table>`}
${renderSamples(samples)}
</section>`
}

function renderSamples(samples: SampleSeries | null): SafeHtml {
  if (samples === null) return html`<h3>Memory samples</h3><p>None given.</p>`
  const span = samples.samples.span()
  return html`<h3>Memory samples</h3>
<p>${n(samples.samples.length)} samples (${samples.format}${span === null ? '' : `, @${span.first.toFixed(1)}s → @${span.last.toFixed(1)}s`}); columns read: ${samples.columns.join(', ')}.</p>
${samples.dropped.length === 0 ? '' : html`<ul>${samples.dropped.map((d) => html`<li>${n(d.count)} rows left out: ${d.reason}</li>`)}</ul>`}
${samples.notes.length === 0 ? '' : html`<ul class="muted">${samples.notes.map((note) => html`<li>${note}</li>`)}</ul>`}`
}

// ---------------------------------------------------------------------------------------------
// 6. How this file was made

function renderMade(meta: ReportMeta, bundles: Bundle[], options: ChartOptions): SafeHtml {
  return renderMadeSection(
    meta,
    html`<tr><td>input</td><td class="mono">${meta.input}</td></tr>
<tr><td>charts</td><td>${bundles.map((b) => `${b.name} ${b.version}`).join(', ')}, inlined; at most ${n(options.maxPoints ?? DEFAULT_MAX_POINTS)} points per series (peaks kept)</td></tr>`,
  )
}

/** "How this file was made" (single and many-process reports): the command, versions, time, then `rows` of the report's own. */
export function renderMadeSection(meta: Pick<ReportMeta, 'commandLine' | 'gctraceVersion' | 'generatedAt'>, rows: SafeHtml): SafeHtml {
  return html`<section id="made">
<h2>How this file was made</h2>
<table>
<tr><td>command</td><td class="mono">${meta.commandLine}</td></tr>
<tr><td>gctrace</td><td>${meta.gctraceVersion}</td></tr>
<tr><td>written</td><td>${meta.generatedAt.toISOString()}</td></tr>
${rows}
<tr><td>node</td><td>${process.version}</td></tr>
</table>
<p class="muted">This file makes no network requests: its Content-Security-Policy allows only its own scripts, and all data is inside it. Text from the input is shown as text, never as markup.</p>
</section>`
}

// ---------------------------------------------------------------------------------------------

function quote(text: string): string {
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text
}

const n = (value: number) => value.toLocaleString('en-US')
const ms = (value: number) => `${value >= 10 ? value.toFixed(1) : value.toFixed(3)} ms`
const mib = (kib: number) => `${(kib / 1024).toFixed(kib >= 10 * 1024 ? 0 : 1)} MiB`

function fmt(value: number): string {
  if (Number.isInteger(value)) return n(value)
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

function duration(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`
  if (s < 7200) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(1)} h`
}
