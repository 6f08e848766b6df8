import test from 'ava'
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync, gzipSync} from 'node:zlib'

import {InputError} from '../../src/errors.js'
import {parseSamples, readSamples} from '../../src/memory/read-samples.js'
import {SampleError} from '../../src/memory/sample-error.js'
import type {SampleOptions, SampleSeries} from '../../src/memory/types.js'
import {fixture, recording} from '../helpers/paths.js'

// fixtures/samples/ holds the real recordings' rss.csv converted to the other formats by
// fixtures/samples/make-samples.mjs: each must read back as the samples of its recording.
const MADVFREE = recording('go1.19-seed-madvfree-10x256mb', 'rss.csv')
const MADVDONTNEED = recording('go1.19-seed-madvdontneed-10x256mb', 'rss.csv')
const sample = (name: string) => fixture('samples', name)
const dir = mkdtempSync(join(tmpdir(), 'gctrace-samples-'))

const sameSamples = test.macro({
  async exec(t, source: string, derived: string, format: SampleSeries['format'], rssToleranceKiB: number) {
    const truth = await readSamples(source)
    const series = await readSamples(sample(derived), {processStartEpochMs: truth.startEpochMs ?? Number.NaN})
    t.is(series.format, format)
    t.is(series.samples.length, truth.samples.length)
    t.deepEqual(series.dropped, [])
    let worstAt = 0
    let worstRss = 0
    for (let i = 0; i < series.samples.length; i++) {
      worstAt = Math.max(worstAt, Math.abs(series.samples.seconds(i) - truth.samples.seconds(i)))
      worstRss = Math.max(worstRss, Math.abs(series.samples.rssKiB(i) - truth.samples.rssKiB(i)))
    }
    t.true(worstAt <= 0.001 + 1e-9, `at differs by up to ${worstAt} s`)
    t.true(worstRss <= rssToleranceKiB, `rss differs by up to ${worstRss} KiB`)
  },
  title: (_, source, derived) => `${derived} reads as the samples of the recording it came from`,
})

test(sameSamples, MADVFREE, 'seed-madvfree.grafana.csv', 'generic-csv', 0)
test(sameSamples, MADVFREE, 'seed-madvfree.query_range.json', 'prometheus-json', 0)
// MiB with three decimals: within half of 0.001 MiB.
test(sameSamples, MADVDONTNEED, 'seed-madvdontneed.epoch-ms.tsv', 'generic-csv', 0.5 * 1.024 + 1e-9)
test(sameSamples, MADVDONTNEED, 'seed-madvdontneed.elapsed.semicolon.csv', 'generic-csv', 0)

test('the format is told by the content, not the file name', async (t) => {
  const misnamed = join(dir, 'samples.json')
  copyFileSync(MADVFREE, misnamed)
  t.is((await readSamples(misnamed)).format, 'recording-csv')
  const json = join(dir, 'rss.csv')
  copyFileSync(sample('seed-madvfree.query_range.json'), json)
  t.is((await readSamples(json, {processStartEpochMs: 1795629739402})).format, 'prometheus-json')
})

test('a gzip-compressed sample file is read, whatever it is called', async (t) => {
  const packed = join(dir, 'rss.csv')
  writeFileSync(packed, gzipSync(readFileSync(MADVFREE)))
  t.is((await readSamples(packed)).samples.length, 1240)
})

test('the notes say how the Grafana export was read', async (t) => {
  const series = await readSamples(sample('seed-madvfree.grafana.csv'), {processStartEpochMs: 1795629739402})
  t.deepEqual(series.notes, [
    'process start 2026-11-25T18:02:19.402Z, from --process-start',
    'time column "Time": wall-clock, ISO-8601',
    'memory column "process_resident_memory_bytes{instance=\\"localhost:6060\\", job=\\"seed-madvfree\\"}": bytes (from the header)',
  ])
})

test('file errors are SampleErrors (and so InputErrors) with one-line messages', async (t) => {
  const missing = await t.throwsAsync(readSamples(join(dir, 'nope.csv')), {instanceOf: SampleError})
  t.is(missing?.message, `${join(dir, 'nope.csv')}: no such file`)
  t.true(missing instanceof InputError)
  const directory = await t.throwsAsync(readSamples(dir), {instanceOf: SampleError})
  t.is(directory?.message, `${dir} is a directory; give a sample file`)
  const corrupt = join(dir, 'corrupt.gz')
  writeFileSync(corrupt, Buffer.concat([gzipSync(Buffer.from('t_s,vmrss_kb\n')).subarray(0, 12), Buffer.from('garbage')]))
  const bad = await t.throwsAsync(readSamples(corrupt), {instanceOf: SampleError})
  t.regex(bad?.message ?? '', /^.*corrupt\.gz: cannot read \(not a valid gzip stream: .*\)$/)
})

test('an empty file and an unknown format, word for word', (t) => {
  const expected = 'a gctrace recording rss.csv (t_s,epoch_ms,vmrss_kb,…), a CSV/TSV whose header names a time and a memory column, or a Prometheus query_range JSON response'
  t.is(t.throws(() => parseSamples('', {name: 'rss.csv'}), {instanceOf: SampleError})?.message, `rss.csv is empty; expected ${expected}`)
  t.is(t.throws(() => parseSamples('\ufeff \r\n\n'), {instanceOf: SampleError})?.message, `samples is empty; expected ${expected}`)
  // A gctrace log given as the sample file: one field per line, or fields that name nothing.
  const trace = readFileSync(recording('go1.19-seed-madvfree-10x256mb'), 'utf8')
  t.is(t.throws(() => parseSamples(trace, {name: 'trace.log'}), {instanceOf: SampleError})?.message, `trace.log is not a memory sample file gctrace reads; expected ${expected}`)
  t.is(t.throws(() => parseSamples('just one column\n1\n'), {instanceOf: SampleError})?.message, `samples is not a memory sample file gctrace reads; expected ${expected}`)
})

// A file is read as it is decoded, a line at a time; text is read whole: both must give the same series.
const readBothWays = test.macro<[string, SampleOptions?]>({
  async exec(t, path, options = {}) {
    const streamed = await readSamples(path, options)
    const bytes = readFileSync(path)
    const whole = parseSamples((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8'), {...options, name: path})
    t.deepEqual({...streamed, samples: [...streamed.samples]}, {...whole, samples: [...whole.samples]})
  },
  title: (_, path) => `${path.split('/').slice(-2).join('/')}: read from the file as from its text`,
})
const START = {processStartEpochMs: 1795629739402}
test(readBothWays, MADVFREE)
test(readBothWays, MADVDONTNEED)
test(readBothWays, sample('seed-madvfree.grafana.csv'), START)
test(readBothWays, sample('seed-madvfree.query_range.json'), START)
test(readBothWays, sample('seed-madvdontneed.epoch-ms.tsv'), START)
test(readBothWays, sample('seed-madvdontneed.elapsed.semicolon.csv'))
test('a gzip file and one with CRLF line ends are read as their text is', async (t) => {
  const packed = join(dir, 'both-ways.csv.gz')
  writeFileSync(packed, gzipSync(readFileSync(MADVFREE)))
  const crlf = join(dir, 'both-ways-crlf.csv')
  writeFileSync(crlf, readFileSync(MADVFREE, 'utf8').replaceAll('\n', '\r\n'))
  const truth = [...parseSamples(readFileSync(MADVFREE, 'utf8')).samples]
  t.deepEqual([...(await readSamples(packed)).samples], truth)
  t.deepEqual([...(await readSamples(crlf)).samples], truth)
})
