import test from 'ava'

import {parseSamples} from '../../src/memory/read-samples.js'
import {SampleError} from '../../src/memory/sample-error.js'

// Real rows: fixtures/recordings/go1.19-seed-madvfree-10x256mb/rss.csv (lines 1–4 and 130–131).
const HEADER = 't_s,epoch_ms,vmrss_kb,rss_anon_kb,rss_file_kb,lazyfree_kb,anon_huge_kb'
const ROWS = [
  '0.001,1795629739403,4,4,0,0,0',
  '0.252,1795629739654,10336,9140,1196,0,0',
  '0.503,1795629739905,10336,9140,1196,0,0',
  '32.182,1795629771584,543732,542472,1260,262344,520192',
  '32.434,1795629771836,543732,542472,1260,262344,520192',
]
const csv = (...lines: string[]) => lines.join('\n') + '\n'

test('every column of a recording lands in its sample field; t_s is the time', (t) => {
  const series = parseSamples(csv(HEADER, ...ROWS))
  t.is(series.format, 'recording-csv')
  t.deepEqual(series.samples.at(3), {at: 32.182, rssKiB: 543732, anonKiB: 542472, fileKiB: 1260, lazyFreeKiB: 262344, anonHugeKiB: 520192, epochMs: 1795629771584})
  t.deepEqual(series.columns, HEADER.split(','))
  t.deepEqual(series.dropped, [])
})

test('the process start is epoch_ms − t_s of the first row, and a note says so', (t) => {
  const series = parseSamples(csv(HEADER, ...ROWS))
  t.is(series.startEpochMs, 1795629739402)
  t.deepEqual(series.notes, ["process start 2026-11-25T18:02:19.402Z, from the recording's first row (epoch_ms − t_s)"])
})

test('rows read while the process was gone (all zeros) are dropped and counted', (t) => {
  // The seed README: "The last rows of a run can read 0 while the process exits".
  const series = parseSamples(csv(HEADER, ...ROWS, '32.685,1795629772087,0,0,0,0,0', '32.936,1795629772338,0,0,0,0,0'))
  t.is(series.samples.length, ROWS.length)
  t.deepEqual(series.dropped, [{count: 2, reason: 'process gone (every memory value 0)'}])
})

test('a first row of 4 kB is a real sample, not a gone process', (t) => {
  t.is(parseSamples(csv(HEADER, ROWS[0] as string)).samples.at(0).rssKiB, 4)
})

test('known extra columns (cgroup) are kept, unknown ones ignored with a note', (t) => {
  const series = parseSamples(csv(`${HEADER},cgroup_current_kb,pss_kb`, '0.252,1795629739654,10336,9140,1196,0,0,11264,9000'))
  t.is(series.samples.at(0).cgroupKiB, 11264)
  t.false('pssKiB' in (series.samples.at(0) ?? {}))
  t.deepEqual(series.columns, [...HEADER.split(','), 'cgroup_current_kb'])
  t.is(series.notes.at(-1), 'ignored columns: "pss_kb"')
})

test('a minimal recording needs only t_s and vmrss_kb', (t) => {
  const series = parseSamples(csv('t_s,vmrss_kb', '0.252,10336'))
  t.deepEqual([...series.samples], [{at: 0.252, rssKiB: 10336}])
  t.is(series.startEpochMs, null)
})

test('a truncated last row and a non-number are dropped and counted', (t) => {
  const series = parseSamples(csv(HEADER, ...ROWS, '32.685,1795629772087,54', 'x,1795629772338,1,1,1,1,1', '33.1,1795629772338,?,1,1,1,1'))
  t.deepEqual(series.dropped, [
    {count: 1, reason: 'fewer fields than the header'},
    {count: 1, reason: 'time missing or not readable'},
    {count: 1, reason: 'memory value missing or not a number'},
  ])
})

test('t_s going back is an error naming the line: two runs in one file', (t) => {
  const error = t.throws(() => parseSamples(csv(HEADER, ...ROWS, ROWS[1] as string), {name: 'rss.csv'}), {instanceOf: SampleError})
  t.is(error?.message, 'rss.csv line 7: the time since start goes back from 32.434 s to 0.252 s; is this two runs in one file? keep one')
})

test('--rss-unit does not apply to a recording (its columns are KiB), and a note says so', (t) => {
  const series = parseSamples(csv(HEADER, ...ROWS), {unit: 'MiB'})
  t.is(series.samples.at(1).rssKiB, 10336)
  t.true(series.notes.includes("--rss-unit MiB ignored: a recording's columns are KiB, as /proc counts them"))
})

test('a header only: a clear error', (t) => {
  const error = t.throws(() => parseSamples(csv(HEADER), {name: 'rss.csv'}), {instanceOf: SampleError})
  t.is(error?.message, 'rss.csv has no row with both a time in "t_s" and a memory value in "vmrss_kb"')
})
