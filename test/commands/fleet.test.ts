// Many logs at once, as a user runs it: `gctrace analyze logs/`, `gctrace report logs/*.log`.
// Every row must say what `gctrace analyze FILE` says of that file alone.
import test from 'ava'
import {copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import type {FleetJson, FleetRow} from '../../src/report/fleet-row.js'
import {readVegaBundles} from '../../src/report/bundles.js'
import {fixture, recording} from '../helpers/paths.js'
import {gctrace, type Run} from '../helpers/run.js'


const RECORDINGS = ['go1.19-seed-madvfree-10x256mb', 'go1.19-seed-madvdontneed-10x256mb', 'go1.19-leak', 'go1.19-healthy-steady']
const XSS = '<img src=x onerror=alert(1)>'
const tmp = mkdtempSync(join(tmpdir(), 'gctrace-fleet-'))
/** The four traces alone, as `NAME.log`. */
const logs = join(tmp, 'logs')
/** The four recording folders whole (trace, samples, meta.json). */
const recs = join(tmp, 'recs')
mkdirSync(logs)
mkdirSync(recs)
for (const name of RECORDINGS) {
  copyFileSync(recording(name), join(logs, `${name}.log`))
  cpSync(recording(name, ''), join(recs, name), {recursive: true})
}

/** What `analyze INPUT --json` says of one input alone. */
async function single(path: string) {
  const run = await gctrace(['analyze', path, '--json'])
  if (run.code !== 0) throw new Error(`${path}: ${run.stderr}`)
  const json = JSON.parse(run.stdout)
  const index = json.diagnosis.segmentIndex as number
  const summary = json.segments[index].summary
  return {cycles: summary.cycles, goEra: summary.goEra, pauseP99Ms: summary.stwPauseMs.p99, top: json.findings[0]?.id ?? null, peakRssMiB: json.attribution?.atPeak.rssMiB ?? null, finalRssMiB: json.attribution?.atEnd.rssMiB ?? null}
}

async function fleet(args: string[]): Promise<{run: Run; json: FleetJson}> {
  const run = await gctrace(['analyze', ...args, '--json'])
  return {run, json: JSON.parse(run.stdout) as FleetJson}
}

/** The row's numbers in the shape single() gives. */
const numbersOf = (row: FleetRow) => ({cycles: row.cycles, goEra: row.goEra, pauseP99Ms: row.pauseP99Ms, top: row.topFinding?.id ?? null, peakRssMiB: row.peakRssMiB, finalRssMiB: row.finalRssMiB})

const sameAsAlone = test.macro(async (t, folder: string, pathOf: (name: string) => string) => {
  const {run, json} = await fleet([folder])
  t.is(run.code, 0, run.stderr)
  t.is(json.kind, 'fleet')
  const names = RECORDINGS.map(pathOf).sort()
  t.deepEqual(
    json.processes.map((r) => r.name),
    names,
    'one row per process, sorted by name',
  )
  for (const row of json.processes) {
    t.is(row.status, 'ok', row.name)
    t.deepEqual(numbersOf(row), await single(row.name), `${row.name}: the row says what analyze says of it alone`)
  }
})

test.serial('a folder of logs: one row per log, each as `analyze FILE --json` gives it', sameAsAlone, logs, (name) => join(logs, `${name}.log`))
test.serial('a folder of recording folders: the same, with peak and final RSS from their samples', sameAsAlone, recs, (name) => join(recs, name))

test.serial('the rows come back in the same order whatever the argument order, and worker threads analysed them', async (t) => {
  const files = RECORDINGS.map((name) => join(logs, `${name}.log`))
  const a = await fleet(files)
  const b = await fleet([...files].reverse())
  t.deepEqual(
    a.json.processes.map((r) => r.name),
    [...files].sort(),
  )
  t.deepEqual(b.json.processes, a.json.processes)
  // One worker per core, up to one per process; each worker got a process first, so each reports.
  t.is(a.json.workers, Math.min(availableParallelism(), files.length))
  if (availableParallelism() > 1) t.true(a.json.workers > 1, `workers: ${a.json.workers}`)
})

test.serial('recording folders and logs given together; the table has a row and a column per number', async (t) => {
  const run = await gctrace(['analyze', join(recs, 'go1.19-leak'), join(logs, 'go1.19-healthy-steady.log')])
  t.is(run.code, 0, run.stderr)
  const lines = run.stdout.split('\n')
  t.regex(lines[0] ?? '', /^gctrace — 2 processes · 2 analysed · \d+ worker threads?$/)
  for (const heading of ['process', 'status', 'Go era', 'duration', 'cycles', 'peak RSS', 'final RSS', 'live heap', 'GC CPU', 'pause p99', 'top finding']) t.true((lines[2] ?? '').includes(heading), heading)
  t.regex(run.stdout, /go1\.19-leak\s+ok\s+Go 1\.19–1\.20\s+59\.3 s\s+110\s+\d+ MiB\s+\d+ MiB\s+167 MB\s+0%\s+[\d.]+ ms\s+live-heap-growth \(\d+ MiB\)/)
  t.regex(run.stdout, /go1\.19-healthy-steady\.log\s+ok.*—\s+—\s+20 MB/, 'a trace without samples: no RSS')
})

test.serial('a log and its rotations are one process, read oldest first: alone, the single analysis; among others, one row', async (t) => {
  const dir = join(tmp, 'rotated')
  mkdirSync(dir)
  const rotated = fixture('collectors', 'go1.19-seed-madvfree-10x256mb', 'rotated')
  copyFileSync(join(rotated, 'trace.log'), join(dir, 'seed.log'))
  copyFileSync(join(rotated, 'trace.log.1.gz'), join(dir, 'seed.log.1.gz'))
  copyFileSync(recording('go1.19-leak'), join(dir, 'leak.log'))
  const alone = await gctrace(['analyze', join(dir, 'seed.log'), join(dir, 'seed.log.1.gz'), '--json'])
  t.is(alone.code, 0, alone.stderr)
  const one = JSON.parse(alone.stdout)
  t.is(one.kind, undefined, 'the single-process document')
  t.deepEqual(
    one.inputFiles.map((f: {name: string}) => f.name),
    [join(dir, 'seed.log.1.gz'), join(dir, 'seed.log')],
  )
  t.is(one.segments[0].summary.cycles, 12, 'both files: the whole seed recording')
  const {run, json} = await fleet([dir])
  t.is(run.code, 0, run.stderr)
  t.deepEqual(
    json.processes.map((r) => [r.name, r.inputs]),
    [
      [join(dir, 'leak.log'), [join(dir, 'leak.log')]],
      [join(dir, 'seed.log'), [join(dir, 'seed.log.1.gz'), join(dir, 'seed.log')]],
    ],
  )
  t.is(json.processes[1]?.cycles, 12)
  t.is(json.processes[1]?.topFinding?.id, one.findings[0].id)
  const live = await gctrace(['analyze', join(dir, 'seed.log'), join(dir, 'seed.log.1.gz'), '--pid', '1'])
  t.is(live.code, 2)
  t.regex(live.stderr, /^gctrace: --pid reads one input as it arrives, and the inputs are 2 files of one log/)
})

test.serial('an unreadable file and a file with no trace get a status; the others are still analysed; exit 2', async (t) => {
  const dir = join(tmp, 'mixed')
  mkdirSync(dir)
  copyFileSync(recording('go1.19-leak'), join(dir, 'leak.log'))
  writeFileSync(join(dir, 'app.log'), 'starting\nlistening on :8080\n')
  writeFileSync(join(dir, 'broken.gz'), gzipSync(readFileSync(recording('go1.19-leak'))).subarray(0, 40))
  const {run, json} = await fleet([dir])
  t.is(run.code, 2)
  t.is(run.stderr.trim().split('\n').length, 1, run.stderr)
  t.regex(run.stderr, /^gctrace: 1 of 3 processes could not be read: .*broken\.gz.*gzip/)
  const status = Object.fromEntries(json.processes.map((r) => [r.name.slice(dir.length + 1), [r.status, r.reason]]))
  t.deepEqual(status['leak.log'], ['ok', null])
  t.is(status['app.log']?.[0], 'no-trace')
  t.regex(String(status['app.log']?.[1]), /no gctrace lines found/)
  t.is(status.broken?.[0], 'unreadable', 'named without its .gz')
  // Without the unreadable file: a log with no trace among others is no failure.
  const ok = await gctrace(['analyze', join(dir, 'leak.log'), join(dir, 'app.log')])
  t.is(ok.code, 0, ok.stderr)
  t.regex(ok.stdout, /app\.log: no trace — no gctrace lines found/)
})

test.serial('exit 3 when no process has a trace', async (t) => {
  const dir = join(tmp, 'no-trace')
  mkdirSync(dir)
  writeFileSync(join(dir, 'a.log'), 'hello\n')
  writeFileSync(join(dir, 'b.txt'), 'world\n')
  const run = await gctrace(['analyze', dir])
  t.is(run.code, 3)
  t.regex(run.stderr, /^gctrace: none of the 2 processes has a GC trace/)
  const report = await gctrace(['report', dir, '-o', join(tmp, 'none.html')])
  t.is(report.code, 3)
})

test.serial('--fail-on applies to every process: exit 1, naming the process and the finding', async (t) => {
  const run = await gctrace(['analyze', '--fail-on', 'live-heap-growth', logs])
  t.is(run.code, 1, run.stderr)
  t.regex(run.stderr, /^gctrace: --fail-on matched: .*go1\.19-leak\.log: live-heap-growth\n$/)
  t.is((await gctrace(['analyze', logs, '--fail-on', 'critical'])).code, 0)
  const json = await fleet([logs, '--fail-on', 'warn'])
  t.is(json.run.code, 1)
  t.is(json.json.processes.length, RECORDINGS.length, '--json still prints the rows')
})

test.serial('flags about one process are a one-line usage error with many (exit 2)', async (t) => {
  const cases = [
    ['analyze', '--rss', 'rss.csv'],
    ['analyze', '--process-start', '2024-01-01T00:00:00Z'],
    ['analyze', '--csv', join(tmp, 'x.csv')],
    ['analyze', '--timeline-csv', join(tmp, 'y.csv')],
    ['analyze', '--out', join(tmp, 'rec')],
    ['analyze', '--pid', '1'],
    ['analyze', '--passthrough'],
    ['report', '--rss', 'rss.csv', '-o', join(tmp, 'z.html')],
  ]
  for (const [command, ...flags] of cases) {
    const run = await gctrace([command as string, logs, ...flags])
    t.is(run.code, 2, flags.join(' '))
    t.regex(run.stderr, new RegExp(`^gctrace: ${flags[0]} belongs to one process, and the inputs are 4 processes`), run.stderr)
    t.is(run.stderr.trim().split('\n').length, 1)
  }
  const stdin = await gctrace(['analyze', '-', logs])
  t.is(stdin.code, 2)
  t.regex(stdin.stderr, /stdin\) cannot be read together with other inputs/)
})

test.serial('report: one file, the table first, a section per process, the vega bundles once, names escaped', async (t) => {
  const dir = join(tmp, 'report')
  mkdirSync(dir)
  copyFileSync(recording('go1.19-leak'), join(dir, `${XSS}.log`))
  writeFileSync(join(dir, 'app.log'), 'no trace here\n')
  const out = join(tmp, 'fleet.html')
  const run = await gctrace(['report', recs, dir, '-o', out])
  t.is(run.code, 0, run.stderr)
  const page = readFileSync(out, 'utf8')
  const count = (text: string) => page.split(text).length - 1
  // 4 recordings and the leak log analysed (p1–p5 by name); app.log, last, has a row and no section.
  t.is(count('<section class="process"'), 5)
  for (let i = 1; i <= 5; i++) t.is(count(`<a href="#p${i}">`), 1, `row ${i} links to its section`)
  t.is(count('href="#p6'), 0)
  t.regex(page, /<td>no trace<div class="muted">no gctrace lines found/)
  t.true(page.indexOf('id="fleet"') < page.indexOf('<section class="process"'), 'the table comes first')
  for (const bundle of readVegaBundles()) t.is(count(bundle.source.slice(0, 200)), 1, `${bundle.name} inlined once`)
  const one = join(tmp, 'one-for-scripts.html')
  t.is((await gctrace(['report', join(recs, 'go1.19-leak'), '-o', one])).code, 0)
  t.is(count('<script>'), readFileSync(one, 'utf8').split('<script>').length - 1, 'as many scripts as the report of one process')
  t.is(count('http-equiv="Content-Security-Policy"'), 1)
  // The file name is text, never markup: in the table, the section and the data block.
  t.false(page.includes(XSS))
  t.true(page.includes('&lt;img src=x onerror=alert(1)&gt;.log'))
  // Ids are prefixed per process, so every chart has its own element.
  const data = JSON.parse(/<script type="application\/json" id="gctrace-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}') as {charts: Record<string, unknown>}
  for (const [key, spec] of Object.entries(data.charts)) {
    t.regex(key, /^p\d+-(memory|attribution|pauses)$/)
    t.is(count(`id="chart-${key}"`), spec === null ? 0 : 1, key)
  }
  t.is(Object.keys(data.charts).length, 5 * 3)
})

test.serial('report: one input is the single report, unchanged', async (t) => {
  const out = join(tmp, 'one.html')
  const run = await gctrace(['report', join(recs, 'go1.19-leak'), '-o', out])
  t.is(run.code, 0, run.stderr)
  const page = readFileSync(out, 'utf8')
  t.false(page.includes('id="fleet"'))
  t.true(page.includes('id="chart-memory"'))
})
