// The report of many processes (`gctrace report logs/ -o fleet.html`): one file, the table of
// processes first (each row links to its section), then each process as the single report
// shows it (html.ts renderProcessBody, its ids prefixed `pN-`), then how the file was made.
// The frame is page.ts's: one CSP, one data block with every process's charts, and the vega
// bundles inlined once for the whole page. Names and reasons come from the input: html`…`
// escapes them.
import type {Bundle} from './bundles.js'
import type {VegaLiteSpec} from './charts.js'
import {DEFAULT_MAX_POINTS} from './downsample.js'
import type {FleetRow} from './fleet-row.js'
import {formatDuration, formatMs, STATUS_WORDS, topFindingText} from './fleet-text.js'
import {html, type SafeHtml, trusted} from './html-safe.js'
import {renderMadeSection} from './html.js'
import {renderPage} from './page.js'

export interface FleetSection {
  /** The element id of the section (its ids inside carry it as a prefix). */
  id: string
  /** Markup rendered by html.ts's renderProcessBody (in a worker thread: it arrives as text). */
  body: string
  charts: Record<string, VegaLiteSpec | null>
}

export interface FleetReportMeta {
  gctraceVersion: string
  commandLine: string
  generatedAt: Date
  workers: number
}

/** Added to page-assets.ts's style (the CSP allows inline styles): each process set apart. */
const FLEET_STYLE = `
section.process { margin-top: 56px; padding-top: 4px; border-top: 4px solid var(--ink); }
section.process > header h1 { font-size: 22px; }
table.fleet tr.status-no-trace td, table.fleet tr.status-unreadable td, table.fleet tr.status-failed td { background: var(--soft); }
`

export function renderFleetHtml(rows: readonly {row: FleetRow; section: FleetSection | null}[], meta: FleetReportMeta, bundles: Bundle[]): string {
  const charts: Record<string, VegaLiteSpec | null> = {}
  for (const {section} of rows) Object.assign(charts, section?.charts ?? {})
  const analysed = rows.filter(({row}) => row.status === 'ok').length
  const body = html`${trusted(`<style>${FLEET_STYLE}</style>`)}
<main>
<header>
<h1>Why is RSS high? <span class="input">${rows.length} processes</span></h1>
<p class="sub">${analysed} analysed · made ${meta.generatedAt.toISOString().replace(/\.\d+Z$/, 'Z')} by gctrace ${meta.gctraceVersion}</p>
<nav><a href="#fleet">Processes</a><a href="#made">How this file was made</a></nav>
</header>
${renderTable(rows)}
${rows.map(({row, section}) =>
  section === null
    ? ''
    : html`<section class="process" id="${section.id}" data-process="${row.name}">
<p class="muted"><a href="#fleet">↑ all processes</a></p>
${trusted(section.body)}
</section>`,
)}
${renderMade(rows.length, meta, bundles)}
</main>`
  return renderPage({title: `gctrace report — ${rows.length} processes`, body, charts}, bundles)
}

function renderTable(rows: readonly {row: FleetRow; section: FleetSection | null}[]): SafeHtml {
  const cell = (value: string) => html`<td class="num">${value}</td>`
  return html`<section id="fleet">
<h2>Processes</h2>
<p class="muted">One row per process: a recording folder, or a log with its rotated files (<code>trace.log.1</code>, <code>trace.log.2.gz</code>) read oldest first. The numbers are those of the run the diagnosis is about (the last with cycles); RSS needs memory samples (a recording folder).</p>
<table class="fleet">
<tr><th>process</th><th>status</th><th>Go era</th><th class="num">duration</th><th class="num">cycles</th><th class="num">peak RSS</th><th class="num">final RSS</th><th class="num">live heap</th><th class="num">GC CPU</th><th class="num">pause p99</th><th>top finding</th></tr>
${rows.map(
  ({row, section}) => html`<tr class="status-${row.status}">
<td class="mono">${section === null ? row.name : html`<a href="#${section.id}">${row.name}</a>`}</td>
<td>${STATUS_WORDS[row.status]}${row.reason === null ? '' : html`<div class="muted">${row.reason}</div>`}</td>
<td>${row.goEra ?? '—'}</td>
${cell(row.durationS === null ? '—' : formatDuration(row.durationS))}
${cell(row.cycles === null ? '—' : row.cycles.toLocaleString('en-US'))}
${cell(row.peakRssMiB === null ? '—' : `${Math.round(row.peakRssMiB)} MiB`)}
${cell(row.finalRssMiB === null ? '—' : `${Math.round(row.finalRssMiB)} MiB`)}
${cell(row.liveHeapMB === null ? '—' : `${row.liveHeapMB} MB`)}
${cell(row.gcCpuPercent === null ? '—' : `${row.gcCpuPercent}%`)}
${cell(row.pauseP99Ms === null ? '—' : formatMs(row.pauseP99Ms))}
<td>${row.topFinding === null || section === null ? topFindingText(row) : html`<a href="#${section.id}-finding-${row.topFinding.id}" class="sev-${row.topFinding.severity}">${topFindingText(row)}</a>`}</td>
</tr>`,
)}
</table>
</section>`
}

function renderMade(processes: number, meta: FleetReportMeta, bundles: Bundle[]): SafeHtml {
  return renderMadeSection(
    meta,
    html`<tr><td>processes</td><td>${processes}, analysed in ${meta.workers} worker thread${meta.workers === 1 ? '' : 's'}</td></tr>
<tr><td>charts</td><td>${bundles.map((b) => `${b.name} ${b.version}`).join(', ')}, inlined once for every process; at most ${DEFAULT_MAX_POINTS.toLocaleString('en-US')} points per series (peaks kept)</td></tr>`,
  )
}
