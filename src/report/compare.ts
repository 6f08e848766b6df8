// Two runs side by side (`gctrace compare A B`): the figures that say how their memory and GC
// differ, the findings one has and the other has not, and their memory overlaid on one time
// axis (seconds since each process started). Figures come from the full data of each run's
// diagnosed segment; text, JSON and HTML render the same Comparison.
import type {Analysis} from '../analysis/index.js'
import type {Finding, FindingId, Severity} from '../analysis/rules/types.js'
import {lastRow, peakRow, rssMiB} from '../analysis/rules/window.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {Segment} from '../trace/segments.js'
import type {Bundle} from './bundles.js'
import {chartSegmentIndex, MEMORY_SERIES, memorySeries, type VegaLiteSpec} from './charts.js'
import {DEFAULT_MAX_POINTS} from './downsample.js'
import {html, type SafeHtml} from './html-safe.js'
import {renderFinding} from './html.js'
import {renderPage} from './page.js'

export const COMPARE_SCHEMA_VERSION = 1

export type MetricId = 'peakRss' | 'endRss' | 'liveHeapMax' | 'liveHeapMedian' | 'goalMax' | 'gcCpu' | 'pauseP99' | 'cyclesPerMinute'

export interface Metric {
  id: MetricId
  label: string
  unit: string
  a: number | null
  b: number | null
  /** b − a; null when either is missing. */
  delta: number | null
  /** (b − a) / a; null when either is missing or a is 0. */
  change: number | null
}

export interface FindingBrief {
  id: FindingId
  severity: Severity
  title: string
  explainsMiB: number
}

export interface Comparison {
  schemaVersion: number
  a: {input: string; goEra: string; cycles: number; samples: number}
  b: {input: string; goEra: string; cycles: number; samples: number}
  metrics: Metric[]
  findings: {onlyA: FindingBrief[]; onlyB: FindingBrief[]; both: {id: FindingId; a: FindingBrief; b: FindingBrief}[]}
}

const METRICS: {id: MetricId; label: string; unit: string; value: (run: RunView) => number | null}[] = [
  {id: 'peakRss', label: 'peak RSS', unit: 'MiB', value: (r) => r.rss?.peak ?? null},
  {id: 'endRss', label: 'RSS at the end', unit: 'MiB', value: (r) => r.rss?.end ?? null},
  {id: 'liveHeapMax', label: 'live heap, max', unit: 'MB', value: (r) => r.summary.liveHeapMB?.max ?? null},
  {id: 'liveHeapMedian', label: 'live heap, median', unit: 'MB', value: (r) => r.summary.liveHeapMB?.median ?? null},
  {id: 'goalMax', label: 'heap goal, max', unit: 'MB', value: (r) => r.summary.goalMB?.max ?? null},
  {id: 'gcCpu', label: 'GC CPU since start', unit: '%', value: (r) => r.summary.gcCpuPercent},
  {id: 'pauseP99', label: 'STW pause p99', unit: 'ms', value: (r) => r.summary.stwPauseMs?.p99 ?? null},
  {id: 'cyclesPerMinute', label: 'cycles per minute', unit: '/min', value: (r) => r.summary.cyclesPerMinute},
]

interface RunView {
  summary: SegmentSummary
  rss: {peak: number; end: number} | null
  findings: Finding[]
}

function viewOf(analysis: Analysis): RunView {
  const summary = analysis.summaries[chartSegmentIndex(analysis)] as SegmentSummary
  const findings = analysis.diagnosis?.findings ?? []
  const timeline = analysis.diagnosis?.timeline
  if (timeline === undefined || timeline === null || timeline.rows.length === 0) return {summary, rss: null, findings}
  return {summary, rss: {peak: rssMiB(peakRow(timeline)), end: rssMiB(lastRow(timeline))}, findings}
}

export function compareAnalyses(a: {analysis: Analysis; input: string}, b: {analysis: Analysis; input: string}): Comparison {
  const va = viewOf(a.analysis)
  const vb = viewOf(b.analysis)
  const metrics = METRICS.map(({id, label, unit, value}): Metric => {
    const x = value(va)
    const y = value(vb)
    const delta = x === null || y === null ? null : y - x
    return {id, label, unit, a: x, b: y, delta, change: delta === null || x === 0 || x === null ? null : delta / x}
  })
  const brief = (f: Finding): FindingBrief => ({id: f.id, severity: f.severity, title: f.title, explainsMiB: f.explainsMiB})
  const idsA = new Set(va.findings.map((f) => f.id))
  const idsB = new Set(vb.findings.map((f) => f.id))
  const side = (analysis: Analysis) => ({
    goEra: (analysis.summaries[chartSegmentIndex(analysis)] as SegmentSummary).goEra,
    cycles: (analysis.trace.segments[chartSegmentIndex(analysis)] as Segment).cycles.length,
    samples: analysis.diagnosis?.timeline?.rows.length ?? 0,
  })
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    a: {input: a.input, ...side(a.analysis)},
    b: {input: b.input, ...side(b.analysis)},
    metrics,
    findings: {
      onlyA: va.findings.filter((f) => !idsB.has(f.id)).map(brief),
      onlyB: vb.findings.filter((f) => !idsA.has(f.id)).map(brief),
      both: va.findings.filter((f) => idsB.has(f.id)).map((f) => ({id: f.id, a: brief(f), b: brief(vb.findings.find((g) => g.id === f.id) as Finding)})),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Text

export function renderCompareText(c: Comparison): string {
  const rows: string[][] = [['', 'A', 'B', 'B − A']]
  for (const m of c.metrics) rows.push([m.label, value(m.a, m.unit), value(m.b, m.unit), deltaText(m)])
  const widths = (rows[0] as string[]).map((_, k) => Math.max(...rows.map((r) => (r[k] as string).length)))
  const table = rows.map((r) => '  ' + r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k] as number) : cell.padStart(widths[k] as number))).join('   ')).join('\n')
  const list = (items: FindingBrief[]) => (items.length === 0 ? ['    none'] : items.map((f) => `    ${f.severity.toUpperCase().padEnd(8)} ${f.title} [${f.id}]${f.explainsMiB >= 1 ? ` · explains ${Math.round(f.explainsMiB)} MiB` : ''}`))
  return [
    'gctrace compare',
    `  A  ${c.a.input} · ${c.a.goEra} · ${c.a.cycles.toLocaleString('en-US')} cycles · ${c.a.samples.toLocaleString('en-US')} memory samples`,
    `  B  ${c.b.input} · ${c.b.goEra} · ${c.b.cycles.toLocaleString('en-US')} cycles · ${c.b.samples.toLocaleString('en-US')} memory samples`,
    '',
    table,
    '',
    '  Findings only in A:',
    ...list(c.findings.onlyA),
    '  Findings only in B:',
    ...list(c.findings.onlyB),
    `  In both: ${c.findings.both.length === 0 ? 'none' : c.findings.both.map((f) => f.id).join(', ')}`,
    '',
  ].join('\n')
}

function value(v: number | null, unit: string): string {
  if (v === null) return '—'
  return `${number(v)}${unit === '%' || unit === '/min' ? unit : ` ${unit}`}`
}

function deltaText(m: Metric): string {
  if (m.delta === null) return '—'
  if (m.delta === 0) return 'same'
  const sign = m.delta > 0 ? '+' : '−'
  const change = m.change === null ? '' : ` (${sign}${Math.abs(m.change * 100).toFixed(Math.abs(m.change) < 0.1 ? 1 : 0)}%)`
  return `${sign}${value(Math.abs(m.delta), m.unit)}${change}`
}

function number(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US')
  const abs = Math.abs(v)
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toFixed(3)
}

// ---------------------------------------------------------------------------------------------
// Chart and HTML

/** Series drawn for both runs: the ones that tell two runs' memory apart. */
const OVERLAY = [MEMORY_SERIES.rss, MEMORY_SERIES.lazyFree, MEMORY_SERIES.live, MEMORY_SERIES.goal, MEMORY_SERIES.released]

/** RSS, LazyFree, live heap, goal and the scavenger's total of both runs on one time axis: A solid, B dashed. */
export function compareMemoryChart(a: Analysis, b: Analysis, options: {width?: number; maxPoints?: number} = {}): VegaLiteSpec {
  const labels = new Set<string>(OVERLAY.map((s) => s.label))
  const points = [
    ...pointsOf(a, options.maxPoints).filter((p) => labels.has(p.series)).map((p) => ({...p, run: 'A'})),
    ...pointsOf(b, options.maxPoints).filter((p) => labels.has(p.series)).map((p) => ({...p, run: 'B'})),
  ]
  const present = OVERLAY.filter((s) => points.some((p) => p.series === s.label))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {text: 'Memory over time, A and B', subtitle: 'seconds since each process started; A solid, B dashed; drag to pan, wheel to zoom', anchor: 'start', subtitleColor: '#6b7280'},
    width: options.width ?? 900,
    height: 340,
    data: {values: points},
    // A and B as two layers, B dashed: a dash scale would dash A's solid lines too ([1, 0]),
    // which browsers draw as one-pixel dashes, slowly.
    layer: (['A', 'B'] as const).map((run) => ({
      transform: [{filter: `datum.run === '${run}'`}],
      mark: {type: 'line', interpolate: 'step-after', strokeWidth: 1.6, clip: true, ...(run === 'B' ? {strokeDash: [6, 3]} : {})},
      ...(run === 'A'
        ? {
            params: [
              {name: 'zoom', select: {type: 'interval', encodings: ['x']}, bind: 'scales'},
              {name: 'pick', select: {type: 'point', fields: ['series']}, bind: 'legend'},
            ],
          }
        : {}),
      encoding: {
        x: {field: 't', type: 'quantitative', title: 'seconds since process start (@Ns)', scale: {zero: false, nice: false}},
        y: {field: 'mib', type: 'quantitative', title: 'MiB'},
        color: {field: 'series', type: 'nominal', title: null, scale: {domain: present.map((s) => s.label), range: present.map((s) => s.color)}, legend: {orient: 'bottom', columns: 3, labelLimit: 260}},
        opacity: {condition: {param: 'pick', value: 1}, value: 0.12},
        tooltip: [
          {field: 'run', title: 'run'},
          {field: 'series', title: 'series'},
          {field: 't', title: 'time (s)', format: ',.3f'},
          {field: 'mib', title: 'MiB', format: ',.1f'},
        ],
      },
    })),
    config: {view: {stroke: '#e5e7eb'}, axis: {gridColor: '#f1f5f9'}},
  }
}

function pointsOf(analysis: Analysis, maxPoints = DEFAULT_MAX_POINTS) {
  const index = chartSegmentIndex(analysis)
  const rows = analysis.diagnosis?.segmentIndex === index ? (analysis.diagnosis.timeline?.rows ?? null) : null
  return memorySeries(analysis.trace.segments[index] as Segment, rows, maxPoints)
}

export interface CompareHtmlInput {
  comparison: Comparison
  a: Analysis
  b: Analysis
  gctraceVersion: string
  commandLine: string
  generatedAt: Date
}

export function renderCompareHtml(input: CompareHtmlInput, bundles: Bundle[]): string {
  const {comparison: c, a, b} = input
  const full = (analysis: Analysis, briefs: FindingBrief[]) => briefs.map((brief) => (analysis.diagnosis?.findings ?? []).find((f) => f.id === brief.id) as Finding)
  const body: SafeHtml = html`<main>
<header><h1>Comparison <span class="input">A: ${c.a.input} · B: ${c.b.input}</span></h1>
<p class="sub">A: ${c.a.goEra}, ${c.a.cycles.toLocaleString('en-US')} cycles, ${c.a.samples.toLocaleString('en-US')} memory samples · B: ${c.b.goEra}, ${c.b.cycles.toLocaleString('en-US')} cycles, ${c.b.samples.toLocaleString('en-US')} memory samples</p></header>
<section id="figures"><h2>Figures</h2>
<table><tr><th></th><th class="num">A</th><th class="num">B</th><th class="num">B − A</th></tr>
${c.metrics.map((m) => html`<tr><td>${m.label}</td><td class="num">${value(m.a, m.unit)}</td><td class="num">${value(m.b, m.unit)}</td><td class="num">${deltaText(m)}</td></tr>`)}
</table></section>
<section id="findings"><h2>Findings</h2>
<h3>Only in A</h3>${c.findings.onlyA.length === 0 ? html`<p>None.</p>` : html`<ol class="findings">${full(a, c.findings.onlyA).map((f, i) => renderFinding(f, i + 1))}</ol>`}
<h3>Only in B</h3>${c.findings.onlyB.length === 0 ? html`<p>None.</p>` : html`<ol class="findings">${full(b, c.findings.onlyB).map((f, i) => renderFinding(f, i + 1))}</ol>`}
<h3>In both</h3>${c.findings.both.length === 0 ? html`<p>None.</p>` : html`<ul>${c.findings.both.map((f) => html`<li>${f.a.title} <code class="muted">[${f.id}]</code></li>`)}</ul>`}
</section>
<section id="charts"><h2>Memory</h2><div class="chart" id="chart-memory" data-chart="memory"></div></section>
<section id="made"><h2>How this file was made</h2>
<table><tr><td>command</td><td class="mono">${input.commandLine}</td></tr><tr><td>gctrace</td><td>${input.gctraceVersion}</td></tr><tr><td>written</td><td>${input.generatedAt.toISOString()}</td></tr>
<tr><td>charts</td><td>${bundles.map((x) => `${x.name} ${x.version}`).join(', ')}, inlined</td></tr></table>
<p class="muted">This file makes no network requests: its Content-Security-Policy allows only its own scripts, and all data is inside it.</p></section>
</main>`
  return renderPage({title: `gctrace compare — ${c.a.input} vs ${c.b.input}`, body, charts: {memory: compareMemoryChart(a, b)}}, bundles)
}
