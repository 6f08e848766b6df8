// `gctrace report` as a user runs it: a child process, the file it writes, its exit code.
import test from 'ava'
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {messages} from '../../src/messages.js'
import {recording, runBin, seedTrace} from '../helpers/paths.js'

function gctrace(args: string[], input = ''): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [runBin, ...args], {maxBuffer: 64 * 1024 * 1024, encoding: 'utf8'}, (error, stdout, stderr) =>
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr}),
    )
    child.stdin?.end(input)
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-report-'))

test('report writes one HTML file from a recording folder: the answer first, the charts, the command that made it', async (t) => {
  const out = join(tmp, 'seed.html')
  const folder = seedTrace('madvfree', '')
  const run = await gctrace(['report', folder, '-o', out])
  t.is(run.code, 0, run.stderr)
  t.is(run.stdout, '')
  const page = readFileSync(out, 'utf8')
  t.true(page.startsWith('<!doctype html>'))
  t.true(page.indexOf('Why is RSS high?') < page.indexOf('id="charts"'))
  t.regex(page, /madv-free/)
  t.regex(page, /gctrace report \S*go1\.19-seed-madvfree-10x256mb\/? -o \S*seed\.html/)
  t.true(statSync(out).size < 3_000_000, `${statSync(out).size} bytes`)
})

test('report takes the input flags of analyze: a trace with --rss', async (t) => {
  const out = join(tmp, 'rss.html')
  const run = await gctrace(['report', seedTrace('madvdontneed'), '--rss', seedTrace('madvdontneed', 'rss.csv'), '--output', out])
  t.is(run.code, 0, run.stderr)
  t.true(readFileSync(out, 'utf8').includes('id="chart-attribution"'))
})

test('report -o - writes the HTML to stdout', async (t) => {
  const run = await gctrace(['report', recording('go1.19-forced-gc'), '-o', '-'])
  t.is(run.code, 0, run.stderr)
  t.true(run.stdout.startsWith('<!doctype html>'))
  t.true(run.stdout.includes('id="chart-attribution-missing"'), 'a lone trace has no samples')
})

test('report fails with one line: no -o, an unwritable output, a missing input, no trace', async (t) => {
  const noOutput = await gctrace(['report', seedTrace('madvfree')])
  t.is(noOutput.code, 2)
  t.regex(noOutput.stderr, /output/)
  const unwritable = await gctrace(['report', seedTrace('madvfree'), '-o', tmp])
  t.is(unwritable.code, 2)
  t.regex(unwritable.stderr, /^gctrace: cannot write /)
  t.is(unwritable.stderr.trim().split('\n').length, 1)
  const missing = await gctrace(['report', join(tmp, 'missing.log'), '-o', join(tmp, 'x.html')])
  t.is(missing.code, 2)
  t.regex(missing.stderr, /missing\.log: no such file/)
  const noTrace = await gctrace(['report', '-', '-o', join(tmp, 'y.html')], 'hello\n')
  t.is(noTrace.code, 3)
  t.true(noTrace.stderr.includes(messages.noTrace()))
})
