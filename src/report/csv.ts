// One CSV row per cycle (`--csv FILE`), every segment in one table, written as it is rendered so
// that a million cycles never sit in memory as one string.
import type {Trace} from '../trace/parse-trace.js'
import type {GcCycle} from '../trace/types.js'

const COLUMNS: [string, (c: GcCycle) => number | string | boolean | null][] = [
  ['seq', (c) => c.seq],
  ['at_s', (c) => c.at],
  ['gc_cpu_percent', (c) => c.gcCpuPercent],
  ['clock_sweep_termination_ms', (c) => c.clockMs.sweepTermination],
  ['clock_mark_ms', (c) => c.clockMs.mark],
  ['clock_mark_termination_ms', (c) => c.clockMs.markTermination],
  ['cpu_sweep_termination_ms', (c) => c.cpuMs?.sweepTermination ?? null],
  ['cpu_assist_ms', (c) => c.cpuMs?.assist ?? null],
  ['cpu_background_ms', (c) => c.cpuMs?.background ?? null],
  ['cpu_idle_ms', (c) => c.cpuMs?.idle ?? null],
  ['cpu_mark_termination_ms', (c) => c.cpuMs?.markTermination ?? null],
  ['stw_ms', (c) => c.stwMs],
  ['heap_start_mb', (c) => c.heapMB.atStart],
  ['heap_end_mb', (c) => c.heapMB.atEnd],
  ['heap_live_mb', (c) => c.heapMB.live],
  ['goal_mb', (c) => c.goalMB],
  ['stacks_mb', (c) => c.stacksMB],
  ['globals_mb', (c) => c.globalsMB],
  ['procs', (c) => c.procs],
  ['forced', (c) => c.forced],
  ['trigger', (c) => c.trigger],
  ['spliced', (c) => c.spliced],
  ['line', (c) => c.line],
]

/** The CSV text in pieces (header first); empty cells for values an era does not print. */
export function* renderCycleCsv(trace: Trace): Generator<string> {
  yield ['segment', ...COLUMNS.map(([name]) => name)].join(',') + '\n'
  for (const segment of trace.segments) {
    let rows = ''
    for (const cycle of segment.cycles) {
      rows += segment.index + ',' + COLUMNS.map(([, value]) => value(cycle) ?? '').join(',') + '\n'
      if (rows.length > 1 << 16) {
        yield rows
        rows = ''
      }
    }
    if (rows !== '') yield rows
  }
}
