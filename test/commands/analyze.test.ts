// The command as a user runs it: a child process, its stdout, stderr and exit code.
import test from 'ava'
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {messages} from '../../src/messages.js'
import {linesOf} from '../helpers/parse.js'
import {recording, runBin, seedTrace} from '../helpers/paths.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

function gctrace(args: string[], options: {input?: string | Buffer; env?: NodeJS.ProcessEnv} = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [runBin, ...args], {env: {...process.env, ...options.env}, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8'}, (error, stdout, stderr) => {
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr})
    })
    child.stdin?.end(options.input ?? '')
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-cli-'))
const ANSI = /\u001B\[/

test('analyze prints the summary of each segment and the line accounting; no colour when not a TTY', async (t) => {
  const run = await gctrace(['analyze', seedTrace('madvfree')])
  t.is(run.code, 0, run.stderr)
  t.regex(run.stdout, /Segment 1 of 1 · Go 1\.19–1\.20/)
  t.regex(run.stdout, /triggers\s+10 heap · 2 periodic/)
  t.regex(run.stdout, /Input lines 26: 12 cycles · 12 scavenger · 2 GC forced/)
  t.notRegex(run.stdout + run.stderr, ANSI)
})

test('--json follows the documented contract and accounts for every line', async (t) => {
  const path = recording('go1.19-stderr-splices')
  const run = await gctrace(['analyze', path, '--json'])
  t.is(run.code, 0, run.stderr)
  const json = JSON.parse(run.stdout)
  t.is(json.schemaVersion, 1)
  t.is(json.lines.total, linesOf(readFileSync(path, 'utf8')).length)
  const {total, ...kinds} = json.lines as {total: number} & Record<string, number>
  t.is(Object.values(kinds).reduce((a, b) => a + b, 0), total)
  const cycle = json.segments[0].cycles[0]
  for (const key of ['seq', 'at', 'gcCpuPercent', 'clockMs', 'cpuMs', 'heapMB', 'goalMB', 'stacksMB', 'globalsMB', 'procs', 'forced', 'trigger', 'line', 'spliced']) t.true(key in cycle, key)
  t.deepEqual(Object.keys(cycle.clockMs).sort(), ['mark', 'markTermination', 'sweepTermination'])
  t.true(json.segments[0].cycles.some((c: {spliced: boolean}) => c.spliced))
})

test('stdin with "-" (gzip too) reads the same as the file', async (t) => {
  const text = readFileSync(seedTrace('madvdontneed'))
  const fromFile = JSON.parse((await gctrace(['analyze', seedTrace('madvdontneed'), '--json'])).stdout)
  const fromPipe = JSON.parse((await gctrace(['analyze', '-', '--json'], {input: gzipSync(text)})).stdout)
  t.deepEqual(fromPipe.segments, fromFile.segments)
  t.is(fromPipe.input, 'stdin')
})

test('--csv writes one row per cycle with the documented header', async (t) => {
  const out = join(tmp, 'cycles.csv')
  const run = await gctrace(['analyze', seedTrace('madvfree'), '--csv', out])
  t.is(run.code, 0, run.stderr)
  const rows = readFileSync(out, 'utf8').trimEnd().split('\n')
  t.is(rows.length, 13)
  t.true(rows[0]?.startsWith('segment,seq,at_s,gc_cpu_percent,'))
  t.true(rows[11]?.startsWith('0,11,131.602,'))
  t.true(rows[11]?.includes(',periodic,'))
})

test('exit 2 with one line for a missing file, a directory, a corrupt gzip, an unwritable --csv', async (t) => {
  const corrupt = join(tmp, 'corrupt.log')
  writeFileSync(corrupt, Buffer.concat([gzipSync(readFileSync(seedTrace('madvfree'))).subarray(0, 40)]))
  const cases: [string[], RegExp][] = [
    [['analyze', join(tmp, 'missing.log')], /missing\.log: no such file/],
    [['analyze', mkdtempSync(join(tmpdir(), 'gctrace-empty-'))], /is a directory/],
    [['analyze', corrupt], /not a valid gzip stream/],
    [['analyze', seedTrace('madvfree'), '--csv', tmp], /cannot write/],
  ]
  for (const [args, message] of cases) {
    const run = await gctrace(args)
    t.is(run.code, 2, args.join(' '))
    t.regex(run.stderr, message)
    t.is(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`)
    t.notRegex(run.stderr, /\n\s+at /, 'no stack trace')
  }
})

test('exit 3 when the input holds no GC trace', async (t) => {
  const run = await gctrace(['analyze', '-'], {input: 'hello\nworld\n'})
  t.is(run.code, 3)
  t.true(run.stderr.includes(messages.noTrace()), run.stderr)
})

test('exit 3, naming the lines, when runtime-looking lines all fail to parse', async (t) => {
  const run = await gctrace(['analyze', '-'], {input: 'app\ngc 1 @0.1s garbled\n'})
  t.is(run.code, 3)
  t.true(run.stderr.includes(messages.onlyUnrecognized(1, 2, 'cut line: expected "@{s3}s " at column 6')), run.stderr)
})

test('--help documents the arguments, flags and exit codes', async (t) => {
  const run = await gctrace(['analyze', '--help'])
  t.is(run.code, 0)
  for (const text of ['--json', '--csv', 'Exit codes', 'gzip']) t.true(run.stdout.includes(text), text)
})

test('a recording folder is read whole: "Why is RSS high?" first, madv-free first, the attribution in JSON', async (t) => {
  const dir = recording('go1.19-seed-madvfree-10x256mb', '')
  const text = await gctrace(['analyze', dir])
  t.is(text.code, 0, text.stderr)
  t.true(text.stdout.split('\n')[2]?.startsWith('Why is RSS high?'))
  t.regex(text.stdout, /1\. WARN Memory already returned to the OS still counts in RSS \(MADV_FREE\) \[madv-free\]/)
  const json = JSON.parse((await gctrace(['analyze', dir, '--json'])).stdout)
  t.is(json.findings[0].id, 'madv-free')
  for (const key of ['id', 'severity', 'title', 'because', 'evidence', 'advice', 'references']) t.true(key in json.findings[0], key)
  const parts = json.attribution.atEnd.parts as {mib: number}[]
  t.true(Math.abs(parts.reduce((sum, p) => sum + p.mib, 0) - json.attribution.atEnd.rssMiB) < 1e-6)
  t.is(json.samples.format, 'recording-csv')
})

test('--fail-on exits 1 on a match (by id or by severity), 0 otherwise, and rejects unknown names', async (t) => {
  const dir = recording('go1.19-seed-madvfree-10x256mb', '')
  const byId = await gctrace(['analyze', dir, '--fail-on', 'madv-free'])
  t.is(byId.code, 1)
  t.regex(byId.stderr, /--fail-on matched: madv-free/)
  t.is((await gctrace(['analyze', dir, '--fail-on', 'critical'])).code, 0)
  t.is((await gctrace(['analyze', dir, '--fail-on', 'warn'])).code, 1)
  const json = await gctrace(['analyze', dir, '--fail-on', 'warn', '--json'])
  t.is(json.code, 1)
  t.is(JSON.parse(json.stdout).findings[0].id, 'madv-free', 'the JSON is still printed')
  const unknown = await gctrace(['analyze', dir, '--fail-on', 'madvfree'])
  t.is(unknown.code, 2)
  t.regex(unknown.stderr, /--fail-on takes a severity or a finding id/)
})

test('--rss with wall-clock samples needs --process-start, and then finds the same story', async (t) => {
  const trace = recording('go1.19-seed-madvfree-10x256mb')
  const samples = join(recording('go1.19-seed-madvfree-10x256mb', ''), '..', '..', 'samples', 'seed-madvfree.query_range.json')
  const missing = await gctrace(['analyze', trace, '--rss', samples])
  t.is(missing.code, 2)
  t.regex(missing.stderr, /--process-start/)
  const start = new Date(Number(readFileSync(recording('go1.19-seed-madvfree-10x256mb', 'rss.csv'), 'utf8').split('\n')[1]?.split(',')[1]) - 1).toISOString()
  const run = await gctrace(['analyze', trace, '--rss', samples, '--process-start', start, '--json'])
  t.is(run.code, 0, run.stderr)
  t.is(JSON.parse(run.stdout).findings[0].id, 'madv-free')
})

test('--timeline-csv writes one row per sample with the attribution columns', async (t) => {
  const out = join(tmp, 'timeline.csv')
  const run = await gctrace(['analyze', recording('go1.19-healthy-steady', ''), '--timeline-csv', out])
  t.is(run.code, 0, run.stderr)
  const rows = readFileSync(out, 'utf8').trimEnd().split('\n')
  const samples = readFileSync(recording('go1.19-healthy-steady', 'rss.csv'), 'utf8').trimEnd().split('\n').length - 1
  t.is(rows.length - 1, samples)
  for (const column of ['at_s', 'rss_mib', 'live_heap_mb', 'part_live_heap_mib', 'part_outside_go_mib']) t.true(rows[0]?.split(',').includes(column), column)
  const noSamples = await gctrace(['analyze', recording('go1.19-healthy-steady'), '--timeline-csv', out])
  t.is(noSamples.code, 2)
})

test('--threshold changes a judgement; a bad one is a usage error', async (t) => {
  const dir = recording('go1.19-mmap-outside-heap', '')
  const strict = JSON.parse((await gctrace(['analyze', dir, '--json'])).stdout)
  t.true(strict.findings.some((f: {id: string}) => f.id === 'non-go-memory'))
  const lax = JSON.parse((await gctrace(['analyze', dir, '--json', '--threshold', 'outsideGoMiB=1024'])).stdout)
  t.false(lax.findings.some((f: {id: string}) => f.id === 'non-go-memory'))
  const bad = await gctrace(['analyze', dir, '--threshold', 'nope=1'])
  t.is(bad.code, 2)
  t.regex(bad.stderr, /unknown threshold "nope"/)
})
