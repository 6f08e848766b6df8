// gc-cpu-high on real recordings (Go 1.19.8).
import test from 'ava'
import {readFileSync} from 'node:fs'

import type {Analysis} from '../../../src/analysis/index.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {DEFAULT_THRESHOLDS, type Thresholds} from '../../../src/analysis/thresholds.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string, thresholds: Partial<Thresholds> = {}) => {
  const key = `${name} ${JSON.stringify(thresholds)}`
  if (!cache.has(key)) cache.set(key, analyzeRecording(name, {thresholds: {...DEFAULT_THRESHOLDS, ...thresholds}}))
  return cache.get(key) as Promise<Analysis>
}
const findingOf = (analysis: Analysis) => analysis.diagnosis?.findings.find((f) => f.id === 'gc-cpu-high')
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

test('go1.19-stderr-splices: ~1160 cycles/s at 17% GC CPU on a tiny heap is a warning', async (t) => {
  const finding = findingOf(await analyzed('go1.19-stderr-splices'))
  if (finding === undefined) return t.fail('no gc-cpu-high finding')
  t.is(finding.severity, 'warn')
  t.is(finding.explainsMiB, 0)
  // Independently: every cycle's line starts with "gc N @T s P%:" even when a log line cut it later.
  const heads = readFileSync(recording('go1.19-stderr-splices'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^gc (\d+) @(\d+\.\d+)s (\d+)%:/.exec(line)
      return m === null ? [] : [{seq: Number(m[1]), at: Number(m[2]), cpu: Number(m[3])}]
    })
  const first = heads.find((h) => h.seq === 1)
  const last = heads.find((h) => h.seq === 4638)
  if (first === undefined || last === undefined) return t.fail('first or last cycle head not found')
  const rate = 4637 / (last.at - first.at)
  t.is(evidence(finding, 'GC CPU (cumulative)'), last.cpu)
  t.is(last.cpu, 17)
  t.true(Math.abs((evidence(finding, 'cycles per second') ?? 0) - rate) < 0.1, `${rate}`)
  t.true(finding.because.includes('4638 times'), finding.because)
  t.true(finding.because.includes(`${rate.toFixed(0)} cycles per second`), finding.because)
  t.true(finding.because.includes('17% of the CPU'), finding.because)
  t.true(finding.because.includes('minimum'), 'names the 4 MB minimum goal as the cause')
  t.is(evidence(finding, 'heap goal (median)'), 4)
  t.true(finding.advice.some((a) => a.includes('GOGC=400')))
})

test('go1.19-stderr-splices: 17% against a 15% threshold is high CPU (warn); against 8% it is twice the threshold (critical)', async (t) => {
  const warn = findingOf(await analyzed('go1.19-stderr-splices', {gcCpuPercent: 15}))
  t.is(warn?.severity, 'warn')
  t.is(warn?.title, 'The GC takes a large share of the CPU')
  t.is(findingOf(await analyzed('go1.19-stderr-splices', {gcCpuPercent: 8}))?.severity, 'critical')
})

test('go1.19-stderr-splices: a high rate with GC CPU under half the CPU threshold is only info', async (t) => {
  t.is(findingOf(await analyzed('go1.19-stderr-splices', {gcCpuPercent: 40}))?.severity, 'info')
})

test('go1.19-pacer-trace: 28 cycles/s but 0% GC CPU — info, and says the cycles are cheap', async (t) => {
  const finding = findingOf(await analyzed('go1.19-pacer-trace'))
  if (finding === undefined) return t.fail('no gc-cpu-high finding')
  t.is(finding.severity, 'info')
  t.true((evidence(finding, 'cycles per second') ?? 0) > 20)
  t.regex(finding.because, /cheap/)
  // Live 16 MB, goal 32 MB: GOGC reads as 100 from the goals.
  t.is(evidence(finding, 'GOGC implied by the goals (median)'), 100)
})

for (const name of ['go1.19-healthy-steady', 'go1.19-leak', 'go1.19-memlimit-gogc-off', 'go1.19-goroutine-pileup', 'go1.19-seed-madvfree-10x256mb', 'go1.19-forced-gc']) {
  test(`${name}: no gc-cpu-high`, async (t) => {
    t.is(findingOf(await analyzed(name)), undefined)
  })
}

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'gc-cpu-high' && f.severity !== 'info'))
})
