// Every sentence the memory stage says — errors and notes — in one place, so that tests can assert
// the exact text. (Kept here rather than in src/messages.ts while that file has another owner.)
// Text from the file itself (column names, values) is always shown through `show`, which keeps a
// message on one line whatever the file holds.

/** The formats, as the unknown-format and empty-file errors list them. */
export const SUPPORTED_FORMATS =
  'a gctrace recording rss.csv (t_s,epoch_ms,vmrss_kb,…), a CSV/TSV whose header names a time and a memory column, or a Prometheus query_range JSON response'

/** Flags the messages name; the commands define them. */
export const FLAGS = {processStart: '--process-start', rssUnit: '--rss-unit'} as const

/** The errors, one line each: every SampleError's message comes from here. */
export const sampleMessages = {
  empty: (name: string) => `${name} is empty; expected ${SUPPORTED_FORMATS}`,
  unknownFormat: (name: string) => `${name} is not a memory sample file gctrace reads; expected ${SUPPORTED_FORMATS}`,
  cannotRead: (name: string, code: string | undefined, detail: string) =>
    code === 'ENOENT' ? `${name}: no such file` : code === 'EISDIR' ? `${name} is a directory; give a sample file` : `${name}: cannot read (${oneLine(detail)})`,
  notJson: (name: string, detail: string) => `${name} starts like JSON but is not valid JSON (${oneLine(detail)})`,
  noHeader: (name: string) => `${name} starts with data, not a header; name the columns on the first line (e.g. time,rss_kb)`,
  noMemoryColumn: (name: string, columns: readonly string[]) =>
    `${name} has no memory column among ${list(columns)}; name one after rss, resident, working_set, usage or memory`,
  noTimeColumn: (name: string, columns: readonly string[]) =>
    `${name} has no time column among ${list(columns)}; name one time, timestamp or t_s (seconds since start, epoch s or ms, or ISO-8601)`,
  unknownUnit: (name: string, column: string) =>
    `${name}: cannot tell the unit of column ${show(column)}; say it in the header (rss_bytes, rss_kb, memory (MiB)) or give ${FLAGS.rssUnit}`,
  zonelessTime: (name: string, column: string, example: string) =>
    `${name}: times in column ${show(column)} have no UTC offset (${show(example)}); add one (Z or +02:00) or export epoch times (Grafana: turn off "Formatted data")`,
  noRows: (name: string, time: string, memory: string) => `${name} has no row with both a time in ${show(time)} and a memory value in ${show(memory)}`,
  needProcessStart: (name: string, firstEpochMs: number) =>
    `${name} has wall-clock times (from ${iso(firstEpochMs)}); give the process start with ${FLAGS.processStart} <ISO time> to place them on the trace's clock`,
  allBeforeStart: (name: string, startEpochMs: number, lastEpochMs: number) =>
    `every sample in ${name} is before the process start (${iso(startEpochMs)}; last sample ${iso(lastEpochMs)}); check ${FLAGS.processStart}`,
  timeBackwards: (name: string, line: number, from: number, to: number) =>
    `${name} line ${line}: the time since start goes back from ${seconds(from)} to ${seconds(to)}; is this two runs in one file? keep one`,
  promError: (name: string, errorType: unknown, error: unknown) => `${name} is a Prometheus error response (${oneLine(`${String(errorType)}: ${String(error)}`)})`,
  promNotMatrix: (name: string, resultType: unknown) =>
    `${name} is a Prometheus ${show(String(resultType))} result; gctrace needs the "matrix" of a range query (/api/v1/query_range)`,
  promNoSeries: (name: string) => `${name} is a Prometheus response with no series: the query matched nothing in its range`,
  promMixedMetrics: (name: string, metrics: readonly string[]) =>
    `${name} holds series of ${metrics.length} different metrics (${list(metrics)}); query one, e.g. process_resident_memory_bytes{job="…"}`,
  promNotMemory: (name: string, metric: string) =>
    `${name}: metric ${show(metric)} is not a memory metric; query e.g. process_resident_memory_bytes or container_memory_rss`,
}

/** The notes a SampleSeries carries: what was chosen while reading, and why. */
export const sampleNotes = {
  recordingStart: (startEpochMs: number) => `process start ${iso(startEpochMs)}, from the recording's first row (epoch_ms − t_s)`,
  recordingStartDiffers: (seconds: number) =>
    `the recording's own t_s was used; ${FLAGS.processStart} differs from the recording's start by ${seconds.toFixed(1)} s`,
  recordingUnitIgnored: (unit: string) => `${FLAGS.rssUnit} ${unit} ignored: a recording's columns are KiB, as /proc counts them`,
  ignoredColumns: (columns: readonly string[]) => `ignored columns: ${list(columns)}`,
  timeColumn: (column: string, kind: string) => `time column ${show(column)}: ${kind}`,
  timeColumnGuessed: (column: string, kind: string) => `time column ${show(column)} (no column is named like a time; this one holds wall-clock times): ${kind}`,
  memoryColumn: (column: string, unit: string, why: string) => `memory column ${show(column)}: ${unit === 'B' ? 'bytes' : unit} (${why})`,
  memoryColumnChosen: (chosen: string, kind: string, others: readonly string[]) => `chose ${show(chosen)} (${kind}) over ${list(others)}`,
  memoryColumnGuessed: (column: string) => `memory column ${show(column)} is the only column besides the time`,
  startFrom: (source: 'flag' | 'trace', startEpochMs: number) =>
    source === 'flag' ? `process start ${iso(startEpochMs)}, from ${FLAGS.processStart}` : `process start ${iso(startEpochMs)}, from the wall-clock prefixes in the trace`,
  startsDisagree: (seconds: number) => `${FLAGS.processStart} and the trace's wall-clock prefixes disagree on the process start by ${seconds.toFixed(1)} s; ${FLAGS.processStart} was used`,
  sorted: (outOfOrder: number) => `${outOfOrder} rows were out of time order; the samples were sorted by time`,
  promSeriesIgnored: (ignored: number, chosen: string) => `${ignored} more series of the same metric ignored; read the first, ${show(chosen)}`,
  promUnnamed: () => `the series has no metric name (the query applied a function); its values were read as bytes`,
  decimalComma: () => `semicolon-separated, so a comma in a number was read as the decimal mark`,
}

/** Reasons rows are dropped, as SampleSeries.dropped reports them. */
export const dropReasons = {
  processGone: 'process gone (every memory value 0)',
  notANumber: 'memory value missing or not a number',
  badTime: 'time missing or not readable',
  tooFewFields: 'fewer fields than the header',
  beforeStart: 'before the process start',
}

/** A value from the file, quoted, escaped and shortened, so that it cannot break the line. */
export function show(text: string): string {
  return JSON.stringify(text.length > 80 ? text.slice(0, 77) + '…' : text)
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, 6).map(show).join(', ')
  return items.length > 6 ? `${shown} and ${items.length - 6} more` : shown
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200)
}

function seconds(value: number): string {
  return `${Number.isFinite(value) ? value.toFixed(3) : String(value)} s`
}

/** ISO-8601 of an epoch-ms time; the number itself when Date cannot represent it. */
export function iso(epochMs: number): string {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : String(epochMs)
}
