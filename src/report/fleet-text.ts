// The many-logs table for the terminal: one row per process, then why each row that is not ok
// is not, one line each.
import type {FleetRow, FleetStatus} from './fleet-row.js'

export interface FleetTextOptions {
  /** ANSI emphasis; the command decides (TTY, NO_COLOR). */
  color: boolean
  /** Worker threads that analysed the processes. */
  workers: number
}

/** The table's columns: heading, cell, right-aligned. */
const COLUMNS: [string, (row: FleetRow) => string, boolean][] = [
  ['process', (r) => r.name, false],
  ['status', (r) => STATUS_WORDS[r.status], false],
  ['Go era', (r) => r.goEra ?? '—', false],
  ['duration', (r) => (r.durationS === null ? '—' : formatDuration(r.durationS)), true],
  ['cycles', (r) => (r.cycles === null ? '—' : r.cycles.toLocaleString('en-US')), true],
  ['peak RSS', (r) => mib(r.peakRssMiB), true],
  ['final RSS', (r) => mib(r.finalRssMiB), true],
  ['live heap', (r) => (r.liveHeapMB === null ? '—' : `${r.liveHeapMB} MB`), true],
  ['GC CPU', (r) => (r.gcCpuPercent === null ? '—' : `${r.gcCpuPercent}%`), true],
  ['pause p99', (r) => (r.pauseP99Ms === null ? '—' : formatMs(r.pauseP99Ms)), true],
  ['top finding', (r) => topFindingText(r), false],
]

export const STATUS_WORDS: Record<FleetStatus, string> = {ok: 'ok', 'no-trace': 'no trace', unreadable: 'unreadable', failed: 'failed'}

export function renderFleetText(rows: readonly FleetRow[], options: FleetTextOptions): string {
  const bold = (s: string) => (options.color ? `\u001B[1m${s}\u001B[22m` : s)
  const dim = (s: string) => (options.color ? `\u001B[2m${s}\u001B[22m` : s)
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => printable(cell(row))))
  const widths = COLUMNS.map(([heading], i) => Math.max(heading.length, ...cells.map((c) => (c[i] as string).length)))
  const line = (values: string[]) =>
    values
      .map((v, i) => ((COLUMNS[i] as (typeof COLUMNS)[number])[2] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  const ok = rows.filter((r) => r.status === 'ok').length
  const out = [bold(`gctrace — ${rows.length} processes`) + dim(` · ${ok} analysed · ${options.workers} worker thread${options.workers === 1 ? '' : 's'}`), '']
  out.push(bold(line(COLUMNS.map(([heading]) => heading))))
  for (const c of cells) out.push(line(c))
  const notOk = rows.filter((r) => r.status !== 'ok')
  if (notOk.length > 0) {
    out.push('')
    for (const r of notOk) out.push(`${printable(r.name)}: ${STATUS_WORDS[r.status]} — ${printable(r.reason ?? '')}`)
  }
  return out.join('\n') + '\n'
}

/** `madv-free (812 MiB)`: the finding ranked first and the memory it explains. */
export function topFindingText(row: FleetRow): string {
  const top = row.topFinding
  if (top === null) return row.status === 'ok' ? 'none' : '—'
  return top.explainsMiB >= 1 ? `${top.id} (${Math.round(top.explainsMiB)} MiB)` : top.id
}

export function formatDuration(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`
  if (s < 7200) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(1)} h`
}

export function formatMs(value: number): string {
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(3)} ms`
}

const mib = (value: number | null) => (value === null ? '—' : `${Math.round(value)} MiB`)

/** A file name can hold terminal control characters: show them as `?`, never send them. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?')
}
