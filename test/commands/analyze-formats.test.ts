// Collector logs read as the recording they were made from (fixtures/collectors/, made by
// fixtures/programs/wrap-collector.mjs from the seed-madvfree recording): the same story, the
// same numbers; wall-clock memory samples placed with no --process-start; rotated files in order.
import test from 'ava'
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import type {Analysis} from '../../src/analysis/index.js'
import {loadAnalysis, type Loaded} from '../../src/cli/load-analysis.js'
import {InputError} from '../../src/errors.js'
import {logFormatMessages} from '../../src/input/formats/messages.js'
import {readSamples} from '../../src/memory/read-samples.js'
import {fixture, recording, seedTrace} from '../helpers/paths.js'
import {gctrace} from '../helpers/run.js'

const NAME = 'go1.19-seed-madvfree-10x256mb'
const collector = (file: string) => fixture('collectors', NAME, file)
const FOLDER = fixture('recordings', NAME)
const RSS = recording(NAME, 'rss.csv')
const START_MS = 1_795_629_739_402
const tmp = mkdtempSync(join(tmpdir(), 'gctrace-formats-'))

/** What the story is made of: the cycles (not where they sat in the file), findings and what they explain, the attribution. */
function story(analysis: Analysis) {
  const cycles = analysis.trace.segments.map((s) => Array.from(s.cycles, ({line: _line, prefix: _prefix, wallMs: _wallMs, ...cycle}) => cycle))
  const findings = (analysis.diagnosis?.findings ?? []).map((f) => ({id: f.id, severity: f.severity, explainsMiB: f.explainsMiB, because: f.because}))
  return {cycles, findings, attribution: analysis.diagnosis?.attribution ?? null, summaries: analysis.summaries}
}

let folder: Loaded
let plainTrace: Loaded
test.before(async () => {
  folder = await loadAnalysis({path: FOLDER})
  plainTrace = await loadAnalysis({path: seedTrace('madvfree')})
})

const FILES = ['docker-json.log', 'cri.log', 'cri.log.gz', 'kubectl-timestamps.log', 'journald-short-iso.log', 'journald-short-precise.log', 'journald-json.log']

for (const file of FILES) {
  test(`${file}: the seed-madvfree story, found identically (with the recording's samples, and without)`, async (t) => {
    const withSamples = await loadAnalysis({path: collector(file), rss: RSS, processStart: '2026-11-25T18:02:19.402Z'})
    t.deepEqual(story(withSamples.analysis), story(folder.analysis))
    t.is(withSamples.analysis.diagnosis?.findings[0]?.id, 'madv-free')
    t.is(withSamples.analysis.diagnosis?.findings[0]?.explainsMiB, folder.analysis.diagnosis?.findings[0]?.explainsMiB)
    const alone = await loadAnalysis({path: collector(file)})
    t.deepEqual(story(alone.analysis), story(plainTrace.analysis))
  })
}

test('lines other output cut apart are mended the same from a collector log: the envelope leaves the runtime text at the line start', async (t) => {
  // The stderr-splices recording (1,469 cut lines), each line wrapped as CRI and as Docker json-file.
  const lines = readFileSync(recording('go1.19-stderr-splices'), 'utf8').split('\n')
  lines.pop()
  const time = (i: number) => new Date(START_MS + i).toISOString().replace('Z', '123456Z')
  writeFileSync(join(tmp, 'splices-cri.log'), lines.map((l, i) => `${time(i)} stderr F ${l}\n`).join(''))
  writeFileSync(join(tmp, 'splices-docker.log'), lines.map((l, i) => `${JSON.stringify({log: `${l}\n`, stream: 'stderr', time: time(i)})}\n`).join(''))
  const plain = await loadAnalysis({path: recording('go1.19-stderr-splices')})
  for (const file of ['splices-cri.log', 'splices-docker.log']) {
    const wrapped = await loadAnalysis({path: join(tmp, file)})
    t.deepEqual(wrapped.analysis.trace.lines, plain.analysis.trace.lines, file)
    t.deepEqual(wrapped.analysis.trace.splices, plain.analysis.trace.splices, file)
    t.deepEqual(story(wrapped.analysis).cycles, story(plain.analysis).cycles, file)
    // A mended cycle has its head line's time.
    const mended = wrapped.analysis.trace.segments[0]?.cycles.toArray().find((c) => c.spliced)
    t.is(mended?.wallMs, START_MS + (mended?.line ?? Number.NaN) - 1, file)
  }
  t.true(plain.analysis.trace.splices.mended > 1000)
})

test('wall-clock memory samples (Grafana CSV, Prometheus JSON) are placed with the process start the trace gives: no --process-start', async (t) => {
  const truth = await readSamples(RSS)
  for (const samples of ['seed-madvfree.grafana.csv', 'seed-madvfree.query_range.json']) {
    const loaded = await loadAnalysis({path: collector('docker-json.log'), rss: fixture('samples', samples)})
    t.is(loaded.series?.startEpochMs, START_MS, samples)
    t.true(loaded.series?.notes.some((n) => n.includes('from the wall-clock prefixes in the trace')) ?? false, samples)
    const at = [...(loaded.series?.samples ?? [])].map((s) => s.at) ?? []
    t.is(at.length, truth.samples.length, samples)
    const worst = Math.max(...at.map((a, i) => Math.abs(a - truth.samples.at(i).at)))
    t.true(worst <= 0.001 + 1e-9, `${samples}: at differs from rss.csv's t_s by up to ${worst} s`)
    // The same analysis as the plain trace with the start given by hand.
    const byHand = await loadAnalysis({path: seedTrace('madvfree'), rss: fixture('samples', samples), processStart: new Date(START_MS).toISOString()})
    t.deepEqual(story(loaded.analysis), story(byHand.analysis), samples)
  }
  // Without wall-clock times in the trace, the reader still asks for the start.
  await t.throwsAsync(loadAnalysis({path: seedTrace('madvfree'), rss: fixture('samples', 'seed-madvfree.grafana.csv')}), {message: /give the process start with --process-start/})
})

test('an explicit --process-start still wins over the trace’s times, with a note that they disagree', async (t) => {
  const loaded = await loadAnalysis({path: collector('docker-json.log'), rss: fixture('samples', 'seed-madvfree.grafana.csv'), processStart: new Date(START_MS - 10_000).toISOString()})
  t.is(loaded.series?.startEpochMs, START_MS - 10_000)
  t.true(loaded.series?.notes.some((n) => n.includes('disagree on the process start by 10.0 s')) ?? false)
  const truth = await readSamples(RSS)
  t.true(Math.abs((loaded.series?.samples.at(5).at ?? Number.NaN) - (truth.samples.at(5).at + 10)) < 0.002)
})

test('a folder with trace.log and its rotations beside it reads them all, oldest first', async (t) => {
  const folder = await loadAnalysis({path: collector('rotated')})
  t.deepEqual(story(folder.analysis).cycles, story(plainTrace.analysis).cycles)
  t.deepEqual(
    folder.analysis.logReadings?.map((r) => r.name),
    [collector('rotated/trace.log.1.gz'), collector('rotated/trace.log')],
  )
})

test('rotated files read in time order give the cycles of the single file, whatever order they are named in', async (t) => {
  const whole = story(plainTrace.analysis).cycles
  // docker-json: ordered by the first wall-clock time in each file.
  const newer = collector('rotated/trace.log')
  const older = collector('rotated/trace.log.1.gz')
  const rotated = await loadAnalysis({path: newer, paths: [newer, older]})
  t.deepEqual(story(rotated.analysis).cycles, whole)
  t.is(rotated.name, `${older}, ${newer}`)
  t.deepEqual(
    rotated.analysis.logReadings?.map((r) => [r.name, r.format]),
    [
      [older, 'docker-json'],
      [newer, 'docker-json'],
    ],
  )
  // Names whose rotation numbers say the opposite: the times win.
  copyFileSync(older, join(tmp, 'misnamed.log.1.gz'))
  copyFileSync(newer, join(tmp, 'misnamed.log.5'))
  const misnamed = await loadAnalysis({path: join(tmp, 'misnamed.log.1.gz'), paths: [join(tmp, 'misnamed.log.1.gz'), join(tmp, 'misnamed.log.5')]})
  t.deepEqual(story(misnamed.analysis).cycles, whole)
  // Plain text has no times: logrotate's numbers order them (x.2.gz, then x.1, then x).
  const lines = readFileSync(seedTrace('madvfree'), 'utf8').split(/(?<=\n)/)
  writeFileSync(join(tmp, 'plain.log.2.gz'), gzipSync(lines.slice(0, 9).join('')))
  writeFileSync(join(tmp, 'plain.log.1'), lines.slice(9, 18).join(''))
  writeFileSync(join(tmp, 'plain.log'), lines.slice(18).join(''))
  const plain = await loadAnalysis({path: join(tmp, 'plain.log'), paths: ['plain.log', 'plain.log.2.gz', 'plain.log.1'].map((f) => join(tmp, f))})
  t.deepEqual(story(plain.analysis).cycles, whole)
  t.is(plain.analysis.trace.lines.total, 26)
})

test('--format that does not fit: InputError naming the line; an unknown --format: UsageError', async (t) => {
  const path = collector('docker-json.log')
  const error = await t.throwsAsync(loadAnalysis({path, format: 'cri'}), {instanceOf: InputError})
  t.is(error?.message, logFormatMessages.notThatFormat(path, 1, 'cri', readFileSync(path, 'utf8').split('\n')[0] as string))
  await t.throwsAsync(loadAnalysis({path, format: 'syslog'}), {message: logFormatMessages.unknownFormat('syslog', ['docker-json', 'journald-json', 'cri', 'journald-short', 'rfc3339', 'plain'])})
})

/** The "Why is RSS high?" part of the page: from its heading to the first segment block. */
const answerOf = (page: string) => page.slice(page.indexOf('Why is RSS high?'), page.indexOf('\nSegment 1 of'))

test('analyze docker-json.log prints the recording folder’s answer (given its samples), and the plain trace’s without', async (t) => {
  const [docker, dir, dockerAlone, traceAlone] = await Promise.all([
    gctrace(['analyze', collector('docker-json.log'), '--rss', RSS]),
    gctrace(['analyze', FOLDER]),
    gctrace(['analyze', collector('docker-json.log')]),
    gctrace(['analyze', seedTrace('madvfree')]),
  ])
  t.is(docker.code, 0, docker.stderr)
  t.true(answerOf(dir.stdout).length > 500)
  t.is(answerOf(docker.stdout), answerOf(dir.stdout))
  t.is(answerOf(dockerAlone.stdout), answerOf(traceAlone.stdout))
  t.regex(docker.stdout, /wall clock\s+2026-11-25 18:02:19\.410 → 18:06:31\.063 UTC · process start 2026-11-25 18:02:19\.402 UTC \(±0 ms, p95 over 12 cycles\)/)
  t.regex(docker.stdout, /docker-json\.log: read as docker-json, the collector's envelope removed; 1 partial piece joined/)
})

test('--json carries each segment’s wall clock and how each file was read', async (t) => {
  const run = await gctrace(['analyze', collector('cri.log.gz'), '--json'])
  t.is(run.code, 0, run.stderr)
  const json = JSON.parse(run.stdout)
  t.deepEqual(json.segments[0].wallClock, {firstMs: START_MS + 8, lastMs: START_MS + 251_661, processStartMs: START_MS, spreadMs: 0, cyclesUsed: 12})
  t.is(json.segments[0].cycles[1].wallMs, START_MS + 1769)
  t.is(json.segments[0].cycles[1].prefix, '')
  t.like(json.inputFiles[0], {format: 'cri', forced: false, rawLines: 28, malformedLines: 0, piecesJoined: 1})
})

test('analyze --format cri on a Docker json-file log: exit 2, one line naming the line', async (t) => {
  const path = collector('docker-json.log')
  const run = await gctrace(['analyze', path, '--format', 'cri'])
  t.is(run.code, 2)
  t.is(run.stdout, '')
  t.is(run.stderr, `gctrace: ${logFormatMessages.notThatFormat(path, 1, 'cri', readFileSync(path, 'utf8').split('\n')[0] as string)}\n`)
})
