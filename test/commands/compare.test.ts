// `gctrace compare` as a user runs it, on the case it exists for: the same program returning
// memory with MADV_FREE (madvdontneed=0, A) and MADV_DONTNEED (madvdontneed=1, B).
import test from 'ava'
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Comparison} from '../../src/report/compare.js'
import {runBin, seedTrace} from '../helpers/paths.js'

function gctrace(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runBin, ...args], {maxBuffer: 64 * 1024 * 1024, encoding: 'utf8'}, (error, stdout, stderr) =>
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr}),
    )
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-compare-'))
const A = seedTrace('madvfree', '')
const B = seedTrace('madvdontneed', '')

test('compare prints the figures with B − A and the findings only one run has', async (t) => {
  const run = await gctrace(['compare', A, B])
  t.is(run.code, 0, run.stderr)
  t.regex(run.stdout, /RSS at the end\s+531 MiB\s+18\.7 MiB\s+−512 MiB \(−96%\)/)
  t.regex(run.stdout, /Findings only in A:\n\s+WARN\s+Memory already returned to the OS still counts in RSS \(MADV_FREE\) \[madv-free\]/)
  t.regex(run.stdout, /Findings only in B:\n\s+none/)
  for (const label of ['peak RSS', 'live heap, max', 'heap goal, max', 'GC CPU since start', 'STW pause p99', 'cycles per minute']) t.true(run.stdout.includes(label), label)
})

test('compare --json returns the comparison', async (t) => {
  const run = await gctrace(['compare', A, B, '--json'])
  t.is(run.code, 0, run.stderr)
  const c = JSON.parse(run.stdout) as Comparison
  t.is(c.schemaVersion, 1)
  t.deepEqual(c.findings.onlyA.map((f) => f.id), ['madv-free'])
  t.deepEqual(c.findings.onlyB, [])
  const end = c.metrics.find((m) => m.id === 'endRss')
  t.true((end?.a ?? 0) > 500 && (end?.b ?? 1000) < 30, JSON.stringify(end))
  t.is(end?.delta, (end?.b as number) - (end?.a as number))
  t.deepEqual(c.metrics.map((m) => m.id), ['peakRss', 'endRss', 'liveHeapMax', 'liveHeapMedian', 'goalMax', 'gcCpu', 'pauseP99', 'cyclesPerMinute'])
})

test('compare --html writes one file with both runs’ memory on one chart', async (t) => {
  const out = join(tmp, 'compare.html')
  const run = await gctrace(['compare', A, B, '--html', out])
  t.is(run.code, 0, run.stderr)
  const page = readFileSync(out, 'utf8')
  t.regex(page, /Content-Security-Policy/)
  t.true(page.includes('id="chart-memory"'))
  const data = JSON.parse(/<script type="application\/json" id="gctrace-data">([^<]*)<\/script>/.exec(page)?.[1] ?? '{}') as {charts: {memory: {data: {values: {run: string}[]}}}}
  t.deepEqual(new Set(data.charts.memory.data.values.map((v) => v.run)), new Set(['A', 'B']))
})

test('compare needs two inputs', async (t) => {
  const run = await gctrace(['compare', A])
  t.is(run.code, 2)
})
