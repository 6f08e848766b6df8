import test from 'ava'
import assert from 'node:assert/strict'
import fc from 'fast-check'

import {parseSamples} from '../../src/memory/read-samples.js'
import {SampleError} from '../../src/memory/sample-error.js'
import type {MemoryUnit, SampleOptions} from '../../src/memory/types.js'

// Times and sizes from the real recording fixtures/recordings/go1.19-seed-madvfree-10x256mb/rss.csv:
// its process started at 1795629739402 (2026-11-25T18:02:19.402Z); 0.252 s later VmRSS was 10336 kB.
const START = 1795629739402
const AT_MS = START + 252
const AT_ISO = '2026-11-25T18:02:19.654Z'
const KIB = 10336
const csv = (...lines: string[]) => lines.join('\n') + '\n'
const read = (text: string, options: SampleOptions = {}) => parseSamples(text, {name: 'mem.csv', ...options})

/** One header and value, read as `expectedKiB`. */
const unitFromHeader = test.macro({
  exec(t, header: string, value: string, expectedKiB: number, unit?: MemoryUnit) {
    const series = read(csv(`t_s,${header}`, `0.252,${value}`), unit === undefined ? {} : {unit})
    t.is(series.samples.at(0).rssKiB, expectedKiB)
  },
  title: (_, header, value, kib, unit) => `unit from the header: ${header} = ${value}${unit === undefined ? '' : ` with --rss-unit ${unit}`} → ${kib} KiB`,
})

test(unitFromHeader, 'process_resident_memory_bytes', String(KIB * 1024), KIB)
test(unitFromHeader, 'container_memory_rss', String(KIB * 1024), KIB)
test(unitFromHeader, 'rss_kb', String(KIB), KIB)
test(unitFromHeader, 'VmRSS (kB)', String(KIB), KIB)
test(unitFromHeader, 'rssKiB', String(KIB), KIB)
test(unitFromHeader, 'memory (MiB)', '10.09375', KIB)
test(unitFromHeader, 'rss_mb', '10.09375', KIB)
test(unitFromHeader, 'RSS [GiB]', '1', 1024 * 1024)
test(unitFromHeader, 'rss', '10584064', KIB, 'B')
test(unitFromHeader, 'rss', '10584.064', KIB, 'kB')
test(unitFromHeader, 'rss', '10.584064', KIB, 'MB')
test(unitFromHeader, 'rss_kb', '10.09375', KIB, 'MiB')

test('the unit chosen and why are in the notes', (t) => {
  t.true(read(csv('t_s,rss_kb', '0.252,10336')).notes.includes(`memory column "rss_kb": KiB (the header's "kb" read as KiB, as /proc and ps mean it)`))
  t.true(read(csv('t_s,rss_kb', '0.252,10'), {unit: 'MiB'}).notes.includes(`memory column "rss_kb": MiB (--rss-unit MiB overrides the header's KiB)`))
  t.true(read(csv('t_s,container_memory_rss', '0.252,10584064')).notes.includes('memory column "container_memory_rss": bytes (a Prometheus metric, which counts bytes)'))
})

test('a memory column whose unit nothing tells is an error naming --rss-unit', (t) => {
  const error = t.throws(() => read(csv('t_s,rss', '0.252,10336')), {instanceOf: SampleError})
  t.is(error?.message, 'mem.csv: cannot tell the unit of column "rss"; say it in the header (rss_bytes, rss_kb, memory (MiB)) or give --rss-unit')
})

/** One time value, read as 0.252 s since start (the process start given where needed). */
const timeBase = test.macro({
  exec(t, header: string, value: string, kind: string) {
    const series = read(csv(`${header},rss_kb`, `${value},${KIB}`), {processStartEpochMs: START})
    t.is(Math.round((series.samples.at(0).at ?? Number.NaN) * 1000), 252)
    t.true(series.notes.includes(`time column ${JSON.stringify(header)}: ${kind}`), series.notes.join(' | '))
  },
  title: (_, header, value, kind) => `time from values: ${header} = ${value} is ${kind}`,
})

test(timeBase, 't_s', '0.252', 'seconds since process start')
test(timeBase, 'elapsed_ms', '252', 'milliseconds since process start')
test(timeBase, 'time', String(AT_MS / 1000), 'wall-clock, Unix epoch seconds')
test(timeBase, 'timestamp', String(AT_MS), 'wall-clock, Unix epoch milliseconds')
test(timeBase, 'ts', `${AT_MS}000`, 'wall-clock, Unix epoch microseconds')
test(timeBase, 'Time', `${AT_MS}000000`, 'wall-clock, Unix epoch nanoseconds')
test(timeBase, 'Time', AT_ISO, 'wall-clock, ISO-8601')
test(timeBase, 'date', '2026-11-25 19:02:19.654+01:00', 'wall-clock, ISO-8601')
test(timeBase, 'date', '2026-11-25T13:02:19.654-0500', 'wall-clock, ISO-8601')
test(timeBase, 'date', '2026-11-25 18:02:19.654 UTC', 'wall-clock, ISO-8601')

test('seconds since start need no process start; wall-clock times do, and the error names the flag', (t) => {
  t.is(read(csv('t_s,rss_kb', `0.252,${KIB}`)).startEpochMs, null)
  const error = t.throws(() => read(csv('Time,rss_kb', `${AT_ISO},${KIB}`)), {instanceOf: SampleError})
  t.is(error?.message, "mem.csv has wall-clock times (from 2026-11-25T18:02:19.654Z); give the process start with --process-start <ISO time> to place them on the trace's clock")
})

test('without --process-start, the start from the trace is used, and the note says which', (t) => {
  const series = read(csv('Time,rss_kb', `${AT_ISO},${KIB}`), {traceStartEpochMs: START})
  t.is(series.samples.at(0).at, 0.252)
  t.is(series.notes[0], 'process start 2026-11-25T18:02:19.402Z, from the wall-clock prefixes in the trace')
  const both = read(csv('Time,rss_kb', `${AT_ISO},${KIB}`), {processStartEpochMs: START, traceStartEpochMs: START - 60_000})
  t.is(both.samples.at(0).at, 0.252)
  t.is(both.notes[1], "--process-start and the trace's wall-clock prefixes disagree on the process start by 60.0 s; --process-start was used")
})

test('ISO times without a UTC offset are refused rather than guessed', (t) => {
  const error = t.throws(() => read(csv('"Time","rss_kb"', `2026-11-25 18:02:19,${KIB}`), {processStartEpochMs: START}), {instanceOf: SampleError})
  t.is(error?.message, 'mem.csv: times in column "Time" have no UTC offset ("2026-11-25 18:02:19"); add one (Z or +02:00) or export epoch times (Grafana: turn off "Formatted data")')
})

test('samples before the process start are dropped; all of them before it is an error', (t) => {
  const series = read(csv('timestamp,rss_kb', `${START - 1000},4`, `${AT_MS},${KIB}`), {processStartEpochMs: START})
  t.deepEqual(series.dropped, [{count: 1, reason: 'before the process start'}])
  const error = t.throws(() => read(csv('timestamp,rss_kb', `${START - 1000},4`), {processStartEpochMs: START}), {instanceOf: SampleError})
  t.is(error?.message, 'every sample in mem.csv is before the process start (2026-11-25T18:02:19.402Z; last sample 2026-11-25T18:02:18.402Z); check --process-start')
})

test('wall-clock rows out of order (newest first) are sorted, with a note', (t) => {
  const series = read(csv('timestamp,rss_kb', `${AT_MS + 500},3`, `${AT_MS + 250},2`, `${AT_MS},1`), {processStartEpochMs: START})
  t.deepEqual([...series.samples].map((s) => s.rssKiB), [1, 2, 3])
  t.true(series.notes.includes('2 rows were out of time order; the samples were sorted by time'))
})

test('seconds since start going back is an error naming the line', (t) => {
  const error = t.throws(() => read(csv('t_s,rss_kb', '0.252,1', '0.503,2', '0.1,3')), {instanceOf: SampleError})
  t.is(error?.message, 'mem.csv line 4: the time since start goes back from 0.503 s to 0.100 s; is this two runs in one file? keep one')
})

test('several memory columns: rss over working set over usage, and the note says which', (t) => {
  const header = 'time,container_memory_usage_bytes,container_memory_working_set_bytes,container_memory_rss,container_spec_memory_limit_bytes'
  const series = read(csv(header, `${AT_MS},1,2,${KIB * 1024},4`), {processStartEpochMs: START})
  t.is(series.samples.at(0).rssKiB, KIB)
  t.deepEqual(series.columns, ['time', 'container_memory_rss'])
  t.true(series.notes.includes('chose "container_memory_rss" (rss) over "container_memory_working_set_bytes", "container_memory_usage_bytes"'))
  const noRss = read(csv('time,container_memory_usage_bytes,container_memory_working_set_bytes', `${AT_MS},1,${KIB * 1024}`), {processStartEpochMs: START})
  t.is(noRss.samples.at(0).rssKiB, KIB)
})

test('a Grafana "Series joined by time" export: Excel sep line, BOM, CRLF, quoted header with labels, empty cells', (t) => {
  const text = [
    '\ufeffsep=,',
    '"Time","process_resident_memory_bytes{instance=""localhost:6060"", job=""a""}","process_resident_memory_bytes{instance=""localhost:6061"", job=""b""}"',
    `${AT_MS},${KIB * 1024},1`,
    `${AT_MS + 251},,1`,
    '',
  ].join('\r\n')
  const series = read(text, {processStartEpochMs: START})
  t.deepEqual([...series.samples], [{at: 0.252, rssKiB: KIB, epochMs: AT_MS}])
  t.deepEqual(series.dropped, [{count: 1, reason: 'memory value missing or not a number'}])
  t.is(series.columns[1], 'process_resident_memory_bytes{instance="localhost:6060", job="a"}')
})

test('semicolons and decimal commas; tabs', (t) => {
  t.deepEqual([...read(csv('Elapsed;RSS (MiB)', '0,252;10,09375')).samples], [{at: 0.252, rssKiB: KIB}])
  t.deepEqual([...read(csv('t\tmemory (KiB)', `0.252\t${KIB}`)).samples], [{at: 0.252, rssKiB: KIB}])
})

test('two columns, one named like a time: the other is the memory', (t) => {
  const series = read(csv('time,value', `0.252,${KIB}`), {unit: 'KiB'})
  t.is(series.samples.at(0).rssKiB, KIB)
  t.true(series.notes.includes('memory column "value" is the only column besides the time'))
})

test('no column named like a time: the first other column that holds times', (t) => {
  const series = read(csv('host,when_sampled_at,rss_kb', `a,${AT_ISO},${KIB}`), {processStartEpochMs: START})
  t.is(series.samples.at(0).at, 0.252)
  const guessed = read(csv('host,stamp,rss_kb', `a,${AT_ISO},${KIB}`), {processStartEpochMs: START})
  t.is(guessed.samples.at(0).at, 0.252)
  t.true(guessed.notes.includes('time column "stamp" (no column is named like a time; this one holds wall-clock times): wall-clock, ISO-8601'))
})

test('a since-start time column is preferred over a wall-clock one', (t) => {
  const series = read(csv('timestamp,elapsed_s,rss_kb', `${AT_MS},0.252,${KIB}`))
  t.deepEqual(series.columns, ['elapsed_s', 'rss_kb'])
})

test('the errors of the generic reader, word for word', (t) => {
  const message = (text: string) => t.throws(() => read(text), {instanceOf: SampleError})?.message
  t.is(message(csv('time,heap_bytes,cpu', '0.252,1,2')), 'mem.csv has no memory column among "time", "heap_bytes", "cpu"; name one after rss, resident, working_set, usage or memory')
  t.is(message(csv('host,rss_kb,pid', 'a,1,2')), 'mem.csv has no time column among "host", "rss_kb", "pid"; name one time, timestamp or t_s (seconds since start, epoch s or ms, or ISO-8601)')
  t.is(message(csv('0.252,10336', '0.503,10336')), 'mem.csv starts with data, not a header; name the columns on the first line (e.g. time,rss_kb)')
  t.is(message(csv('time,rss_kb', 'soon,1', 'later,2')), 'mem.csv has no row with both a time in "time" and a memory value in "rss_kb"')
  t.is(message(csv('t_s,rss_kb', '0.252,n/a')), 'mem.csv has no row with both a time in "t_s" and a memory value in "rss_kb"')
  t.is(
    message(csv('host,user,cpu', 'a,b,c')),
    'mem.csv is not a memory sample file gctrace reads; expected a gctrace recording rss.csv (t_s,epoch_ms,vmrss_kb,…), a CSV/TSV whose header names a time and a memory column, or a Prometheus query_range JSON response',
  )
})

test('a column name with a newline or quotes cannot break a message onto two lines', (t) => {
  const error = t.throws(() => read(csv('t_s,"rss\r\nx"', '0.252,1')), {instanceOf: SampleError})
  t.notRegex(error?.message ?? '', /[\r\n]/)
})

// Properties assert with node:assert, which throws, so that fast-check sees a failure and shrinks it.
const piece = fc.constantFrom(
  'time', 't_s', 'Time', 'timestamp', 'rss_kb', 'memory (MiB)', 'process_resident_memory_bytes{a="b"}', 'container_memory_usage_bytes', 'value', 'elapsed_ms',
  ',', ';', '\t', '"', '""', '\n', '\r\n', ' ', '-', '.', '0', '0.252', '10336', '1e400', 'NaN', '1795629739654', '1795629739.654', '1795629739654000000',
  AT_ISO, '2026-11-25 18:02:19', '2026-13-45T99:99:99Z', 'sep=;', '\ufeff', '{', '[', '\u0000',
)
const options = fc.record(
  {processStartEpochMs: fc.constantFrom(START, Number.NaN, -1e20), traceStartEpochMs: fc.constant(START), unit: fc.constantFrom<MemoryUnit>('B', 'KiB', 'kB', 'MiB', 'MB')},
  {requiredKeys: []},
)

/** Reads `text`: either a sane series (true) or a one-line SampleError (false); anything else fails. */
function checkOutcome(text: string, opts: SampleOptions): boolean {
  let series
  try {
    series = parseSamples(text, opts)
  } catch (error) {
    assert.ok(error instanceof SampleError, `not a SampleError: ${String(error)}`)
    assert.ok(error.message.length > 0 && !/[\r\n]/.test(error.message), `not one line: ${JSON.stringify(error.message)}`)
    return false
  }
  assert.ok(series.samples.length > 0)
  for (let i = 0; i < series.samples.length; i++) {
    const s = series.samples.at(i)
    assert.ok(Number.isFinite(s.at) && s.at >= 0, `at ${s.at}`)
    assert.ok(Number.isFinite(s.rssKiB) && s.rssKiB > 0, `rssKiB ${s.rssKiB}`)
    if (i > 0) assert.ok(s.at >= series.samples.at(i - 1).at, 'not in time order')
  }
  return true
}

// Text shaped like a sample file: a header of known and unknown names, then rows of times,
// sizes, blanks and junk, with one separator throughout.
const columnName = fc.constantFrom('time', 't_s', '"Time"', 'timestamp', 'elapsed_ms', 'rss_kb', 'memory (MiB)', '"process_resident_memory_bytes{a=""b""}"', 'container_memory_usage_bytes', 'rss', 'value', 'host', '')
const cell = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '0.252', '10336', '10,5', '1e400', 'NaN', '"4"', String(AT_MS), String(AT_MS / 1000), `${AT_MS}000000`, AT_ISO, '2026-11-25 18:02:19', String(START - 5000)),
  fc.double({noNaN: true}).map(String),
  fc.nat(2_000_000_000_000).map(String),
  fc.string({maxLength: 6}),
)
const csvLike = fc
  .tuple(fc.constantFrom(',', ';', '\t'), fc.array(columnName, {minLength: 1, maxLength: 4}), fc.array(fc.array(cell, {maxLength: 5}), {maxLength: 12}), fc.constantFrom('\n', '\r\n'))
  .map(([separator, header, rows, newline]) => [header.join(separator), ...rows.map((row) => row.join(separator))].join(newline))

test('property: CSV-like text never makes the reader throw anything but a one-line SampleError', (t) => {
  let read = 0
  fc.assert(
    fc.property(csvLike, options, (text, opts) => {
      if (checkOutcome(text, opts)) read++
    }),
    {numRuns: 3000},
  )
  fc.assert(fc.property(fc.array(piece, {maxLength: 40}).map((p) => p.join('')), options, (text, opts) => void checkOutcome(text, opts)), {numRuns: 2000})
  t.true(read > 100, `only ${read} of the generated files were read: the property barely reaches the row loop`)
})

test('property: arbitrary text never makes the reader throw anything but a one-line SampleError', (t) => {
  fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 200}), options, (text, opts) => void checkOutcome(text, opts)), {numRuns: 2000})
  fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 60}), fc.string({unit: 'binary', maxLength: 200}), options, (header, rest, opts) => void checkOutcome(`t_s,rss_kb,${header}\n${rest}`, opts)))
  t.pass()
})
