// stack-growth on real recordings (Go 1.19.8) and on gc lines written in the runtime's format.
import test from 'ava'
import {readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string) => cache.get(name) ?? (cache.set(name, analyzeRecording(name)), cache.get(name) as Promise<Analysis>)
const findingOf = (analysis: Analysis) => analysis.diagnosis?.findings.find((f) => f.id === 'stack-growth')
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

/** Go 1.19 gc lines: one per [seconds, live MB, goal MB, stacks MB]. */
async function analyzeLines(cycles: [number, number, number, number][]): Promise<Analysis> {
  const text = cycles.map(([at, live, goal, stacks], i) => `gc ${i + 1} @${at.toFixed(3)}s 0%: 0.020+1.1+0.010 ms clock, 0.040+0.10/1.0/0+0.020 ms cpu, ${goal}->${goal}->${live} MB, ${goal} MB goal, ${stacks} MB stacks, 0 MB globals, 2 P`).join('\n')
  return analyzeTrace((await parseText(`${text}\n`)).trace)
}

test('go1.19-goroutine-pileup: critical, ranked first, explains the last printed stacks', async (t) => {
  const analysis = await analyzed('go1.19-goroutine-pileup')
  const finding = findingOf(analysis)
  if (finding === undefined) return t.fail('no stack-growth finding')
  t.is(analysis.diagnosis?.findings[0]?.id, 'stack-growth')
  t.is(finding.severity, 'critical')
  // The last gc line, read with a plain regexp.
  const lines = readFileSync(recording('go1.19-goroutine-pileup'), 'utf8').split('\n').filter((l) => l.startsWith('gc '))
  const m = /^gc (\d+) @(\d+\.\d+)s .* (\d+) MB goal, (\d+) MB stacks/.exec(lines.at(-1) ?? '')
  if (m === null) return t.fail('last gc line')
  const [seq, at, goal, stacks] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
  t.deepEqual([seq, at, goal, stacks], [14, 29.405, 532, 925])
  t.is(finding.explainsMiB, stacks)
  t.is(evidence(finding, 'goroutine stacks (last cycle)'), stacks)
  t.is(evidence(finding, 'stacks as a share of the heap goal'), Math.round((1000 * stacks) / goal) / 10)
  t.true((evidence(finding, 'stack growth rate') ?? 0) > 1000, 'hundreds of MiB per minute')
  t.true(finding.because.includes('925 MB at gc 14 (@29.4s)'), finding.because)
  t.true(finding.because.includes('golang/go#54649'))
  // RSS kept rising after the last cycle: the sentence says so, with the last sample's RSS.
  const rss = readFileSync(recording('go1.19-goroutine-pileup', 'rss.csv'), 'utf8').trim().split('\n').slice(1)
  const lastRss = Number(rss.at(-1)?.split(',')[2]) / 1024
  t.true(finding.because.includes(`${lastRss.toFixed(0)} MiB at the last sample`), finding.because)
  t.true(finding.advice.some((a) => a.includes('/debug/pprof/goroutine?debug=1')))
})

for (const name of ['go1.19-healthy-steady', 'go1.19-leak', 'go1.19-memlimit-gogc-off', 'go1.19-mmap-outside-heap', 'go1.19-seed-madvfree-10x256mb']) {
  test(`${name}: no stack-growth (0 MB stacks throughout)`, async (t) => {
    t.is(findingOf(await analyzed(name)), undefined)
  })
}

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'stack-growth' && f.severity !== 'info'))
})

test('stacks growing but still small: warn, not critical', async (t) => {
  // 1 → 20 MB of stacks over 60 s, a steady 100 MB goal: under 64 MB and 25% of the goal.
  const cycles = Array.from({length: 20}, (_, i): [number, number, number, number] => [3 * (i + 1), 50, 100, 1 + i])
  const finding = findingOf(await analyzeLines(cycles))
  if (finding === undefined) return t.fail('no stack-growth finding')
  t.is(finding.severity, 'warn')
  t.is(finding.title, 'Goroutine stacks keep growing')
  t.is(finding.explainsMiB, 20)
})

test('large but steady stacks: warn, with their share of the goal', async (t) => {
  const cycles = Array.from({length: 20}, (_, i): [number, number, number, number] => [3 * (i + 1), 40, 200, 100])
  const finding = findingOf(await analyzeLines(cycles))
  if (finding === undefined) return t.fail('no stack-growth finding')
  t.is(finding.severity, 'warn')
  t.is(finding.title, 'Goroutine stacks hold a large part of memory')
  t.is(evidence(finding, 'stacks as a share of the heap goal'), 50)
})

test('small steady stacks: nothing to report', async (t) => {
  const cycles = Array.from({length: 20}, (_, i): [number, number, number, number] => [3 * (i + 1), 40, 80, 3])
  t.is(findingOf(await analyzeLines(cycles)), undefined)
})

test('gc lines before Go 1.19 print no stacks: not judged, and the reason names what to do', async (t) => {
  const text = Array.from({length: 8}, (_, i) => `gc ${i + 1} @${(i + 1).toFixed(3)}s 0%: 0.020+1.1+0.010 ms clock, 0.040+0.10/1.0/0+0.020 ms cpu, 8->8->4 MB, 8 MB goal, 2 P`).join('\n')
  const analysis = analyzeTrace((await parseText(`${text}\n`)).trace)
  t.is(findingOf(analysis), undefined)
  const reason = analysis.diagnosis?.notJudged.find((n) => n.id === 'stack-growth')?.reason ?? ''
  t.regex(reason, /before Go 1\.19/)
  t.regex(reason, /pprof\/goroutine/)
})
