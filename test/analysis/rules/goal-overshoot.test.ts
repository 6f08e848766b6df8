// goal-overshoot on real recordings (Go 1.19.8) and on gc lines in the runtime's format.
import test from 'ava'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {DEFAULT_THRESHOLDS} from '../../../src/analysis/thresholds.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string) => cache.get(name) ?? (cache.set(name, analyzeRecording(name)), cache.get(name) as Promise<Analysis>)
const findingOf = (analysis: Analysis) => analysis.diagnosis?.findings.find((f) => f.id === 'goal-overshoot')
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

/** Go 1.19 gc lines, one per [heap at start, heap at end, live, goal], a second apart. */
async function analyzeLines(cycles: [number, number, number, number][]): Promise<Analysis> {
  const text = cycles.map(([start, end, live, goal], i) => `gc ${i + 1} @${(i + 1).toFixed(3)}s 0%: 0.020+1.1+0.010 ms clock, 0.040+0.10/1.0/0+0.020 ms cpu, ${start}->${end}->${live} MB, ${goal} MB goal, 0 MB stacks, 0 MB globals, 2 P`).join('\n')
  return analyzeTrace((await parseText(`${text}\n`)).trace)
}

test('go1.19-forced-gc: two burst cycles overshoot (info), counted from the raw lines', async (t) => {
  const finding = findingOf(await analyzed('go1.19-forced-gc'))
  if (finding === undefined) return t.fail('no goal-overshoot finding')
  // Independently: heap-triggered lines (not "(forced)") with a goal above 4 MB, ending ≥ 2 MB and > 10% over it.
  const over: string[] = []
  let judged = 0
  for (const line of readFileSync(recording('go1.19-forced-gc'), 'utf8').split('\n')) {
    const m = /^gc (\d+) @.* (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, .* P$/.exec(line)
    if (m === null) continue
    const [seq, end, goal] = [Number(m[1]), Number(m[3]), Number(m[5])]
    if (goal <= 4) continue
    judged++
    if (end - goal >= 2 && (end - goal) / goal > DEFAULT_THRESHOLDS.goalOvershootShare) over.push(`gc ${seq}`)
  }
  t.deepEqual(over, ['gc 15', 'gc 24'])
  t.is(evidence(finding, 'cycles over their goal'), over.length)
  t.is(evidence(finding, 'cycles judged (goal above 4 MB)'), judged)
  t.is(finding.severity, 'info')
  t.is(finding.explainsMiB, 0, 'the last heap-triggered cycle did not overshoot')
  t.true(finding.because.includes('gc 24 (@4.2s) 11->15 MB against a 13 MB goal (+2 MB, +15%)'), finding.because)
  t.true(finding.because.includes('gc 15'))
})

test('go1.19-stderr-splices: overshoot in a minority of tiny-heap cycles is info', async (t) => {
  const finding = findingOf(await analyzed('go1.19-stderr-splices'))
  if (finding === undefined) return t.fail('no goal-overshoot finding')
  t.is(finding.severity, 'info')
  const over = evidence(finding, 'cycles over their goal') ?? 0
  const judged = evidence(finding, 'cycles judged (goal above 4 MB)') ?? 0
  t.true(over > 0 && over < 0.25 * judged, `${over} of ${judged}`)
})

for (const name of ['go1.19-healthy-steady', 'go1.19-leak', 'go1.19-memlimit-gogc-off', 'go1.19-goroutine-pileup', 'go1.19-mmap-outside-heap', 'go1.19-seed-madvfree-10x256mb']) {
  test(`${name}: no goal-overshoot`, async (t) => {
    t.is(findingOf(await analyzed(name)), undefined)
  })
}

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'goal-overshoot' && f.severity !== 'info'))
})

test('systematic overshoot, the last cycle included: warn, explaining the last overshoot', async (t) => {
  // Every other cycle ends 30% over a 100 MB goal.
  const cycles = Array.from({length: 20}, (_, i): [number, number, number, number] => (i % 2 === 1 ? [95, 130, 50, 100] : [95, 98, 50, 100]))
  const finding = findingOf(await analyzeLines(cycles))
  if (finding === undefined) return t.fail('no goal-overshoot finding')
  t.is(finding.severity, 'warn')
  t.is(evidence(finding, 'cycles over their goal'), 10)
  t.is(evidence(finding, 'largest overshoot'), 30)
  t.is(finding.explainsMiB, 30)
})

test('goals at the 4 MB minimum are never judged, however far the heap ends over them', async (t) => {
  const cycles = Array.from({length: 20}, (): [number, number, number, number] => [3, 9, 1, 4])
  t.is(findingOf(await analyzeLines(cycles)), undefined)
})

test('property: never fires when every cycle ends within 10% or 1 MB of its goal', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.integer({min: 1, max: 2000}).chain((goal) => fc.tuple(fc.constant(goal), fc.integer({min: 0, max: Math.max(Math.floor(goal * 0.1), 1)}))),
        {minLength: 1, maxLength: 60},
      ),
      async (cycles) => {
        const analysis = await analyzeLines(cycles.map(([goal, over]): [number, number, number, number] => [goal, goal + over, Math.floor(goal / 2), goal]))
        return findingOf(analysis) === undefined
      },
    ),
    {numRuns: 60},
  )
  t.pass()
})
