// `gctrace chart` as a user runs it.
import test from 'ava'
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {reportMessages} from '../../src/report/messages.js'
import {recording, runBin, seedTrace} from '../helpers/paths.js'
import {validateVegaLite} from '../report/vega-lite-schema.js'

function gctrace(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runBin, ...args], {maxBuffer: 64 * 1024 * 1024, encoding: 'utf8'}, (error, stdout, stderr) =>
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr}),
    )
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-chart-'))

test('chart --kind memory writes a valid Vega-Lite spec on stdout', async (t) => {
  const run = await gctrace(['chart', seedTrace('madvfree', ''), '--kind', 'memory'])
  t.is(run.code, 0, run.stderr)
  const spec = JSON.parse(run.stdout)
  t.deepEqual(validateVegaLite(spec), [])
  t.regex(spec.$schema, /vega-lite/)
})

// One kind here (each run loads vega); test/report/charts.test.ts draws every kind in process.
test('chart --format svg draws the chart in Node to a file', async (t) => {
  const out = join(tmp, 'attribution.svg')
  const run = await gctrace(['chart', seedTrace('madvdontneed', ''), '--kind', 'attribution', '--format', 'svg', '-o', out])
  t.is(run.code, 0, run.stderr)
  const svg = readFileSync(out, 'utf8')
  t.true(svg.startsWith('<svg'))
  t.true(svg.includes('</svg>'))
  t.true(svg.includes('What RSS is made of'))
})

test('chart --kind attribution without samples fails with one line, exit 2', async (t) => {
  const run = await gctrace(['chart', recording('go1.19-forced-gc'), '--kind', 'attribution'])
  t.is(run.code, 2)
  t.is(run.stderr, `gctrace: ${reportMessages.attributionNeedsSamples()}\n`)
})

test('chart refuses an unknown kind', async (t) => {
  const run = await gctrace(['chart', recording('go1.19-forced-gc'), '--kind', 'heatmap'])
  t.is(run.code, 2)
  t.regex(run.stderr, /memory, attribution, pauses/)
})
