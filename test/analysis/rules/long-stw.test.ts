// long-stw. No real recording has a long pause (the longest is under 5 ms), so the firing cases
// take a real recording and lengthen the mark termination of named cycles in its gc lines.
import test from 'ava'
import fc from 'fast-check'
import {readdirSync, readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {DEFAULT_THRESHOLDS} from '../../../src/analysis/thresholds.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {fixture, recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const findingOf = (analysis: Analysis) => analysis.diagnosis?.findings.find((f) => f.id === 'long-stw')
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

/** go1.19-leak (110 cycles) with the mark termination of the given cycles set to `ms` (≥ 10, printed whole as the runtime does). */
async function leakWithPauses(pauses: Record<number, number>): Promise<Analysis> {
  const text = readFileSync(recording('go1.19-leak'), 'utf8').replace(/^gc (\d+) (@\S+ \d+%: [\d.]+\+[\d.]+\+)([\d.]+)( ms clock)/gm, (line, seq: string, head: string, _mark: string, tail: string) =>
    pauses[Number(seq)] === undefined ? line : `gc ${seq} ${head}${pauses[Number(seq)]}${tail}`,
  )
  return analyzeTrace((await parseText(text)).trace)
}

for (const name of readdirSync(fixture('recordings')).filter((n) => !n.startsWith('.'))) {
  test(`${name}: no long-stw (every real pause is short)`, async (t) => {
    t.is(findingOf(await analyzeRecording(name)), undefined)
  })
}

test('one 72 ms pause among 110 cycles: over the max threshold only — info, naming the cycle', async (t) => {
  const finding = findingOf(await leakWithPauses({77: 72}))
  if (finding === undefined) return t.fail('no long-stw finding')
  t.is(finding.severity, 'info')
  const sweep = Number(/^gc 77 @\S+ \d+%: ([\d.]+)\+/m.exec(readFileSync(recording('go1.19-leak'), 'utf8'))?.[1])
  t.true(Math.abs((evidence(finding, 'pause max') ?? 0) - (sweep + 72)) < 1e-9, `sweep termination ${sweep} ms + 72 ms`)
  t.true((evidence(finding, 'pause p99') ?? 0) < DEFAULT_THRESHOLDS.stwP99Ms)
  t.is(evidence(finding, 'cycles with a pause over 10 ms'), 1)
  t.regex(finding.because, /gc 77 \(@13\.2s\) 72 ms \(sweep termination [\d.]+ ms \+ mark termination 72 ms\)/)
  t.is(finding.explainsMiB, 0)
})

test('two 30 ms pauses among 110 cycles: p99 over 10 ms — warn, both cycles named', async (t) => {
  const finding = findingOf(await leakWithPauses({77: 30, 93: 30}))
  if (finding === undefined) return t.fail('no long-stw finding')
  t.is(finding.severity, 'warn')
  t.true((evidence(finding, 'pause p99') ?? 0) > 30)
  t.regex(finding.because, /gc 77 \(@13\.2s\)/)
  t.regex(finding.because, /gc 93 \(@27\.2s\)/)
})

test('p99 itself over the max threshold: critical', async (t) => {
  const finding = findingOf(await leakWithPauses({20: 80, 40: 90, 60: 100}))
  t.is(finding?.severity, 'critical')
})

/** "0.046", "1.2", "65": fmtNSAsMS of the runtime, from microseconds. */
function printedMs(us: number): string {
  if (us >= 10_000) return String(Math.floor(us / 1000))
  let x = us
  let dec = 3
  while (x >= 100) {
    x = Math.floor(x / 10)
    dec--
  }
  const digits = String(x).padStart(dec + 1, '0')
  return dec === 0 ? digits : `${digits.slice(0, -dec)}.${digits.slice(-dec)}`
}

test('printedMs matches lines the runtime printed', (t) => {
  t.is(printedMs(46), '0.046')
  t.is(printedMs(1234), '1.2')
  t.is(printedMs(123), '0.12')
  t.is(printedMs(65_432), '65')
})

test('property: fires exactly when p99 or max is over its threshold, never otherwise', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.integer({min: 1, max: 80_000}), fc.integer({min: 1, max: 80_000})), {minLength: 1, maxLength: 150}), fc.boolean(), async (pairs, short) => {
      // Half the runs keep every pause under both thresholds.
      const phases = short ? pairs.map(([a, b]): [number, number] => [a % 4_900, b % 4_900]) : pairs
      const lines = phases.map(([sweep, mark], i) => `gc ${i + 1} @${(i + 1).toFixed(3)}s 0%: ${printedMs(sweep)}+1.0+${printedMs(mark)} ms clock, 0.1+0/0.1/0+0.1 ms cpu, 8->8->4 MB, 8 MB goal, 0 MB stacks, 0 MB globals, 2 P`)
      const analysis = analyzeTrace((await parseText(`${lines.join('\n')}\n`)).trace)
      const pauses = phases.map(([sweep, mark]) => Number(printedMs(sweep)) + Number(printedMs(mark))).sort((a, b) => a - b)
      const p99 = pauses[Math.max(1, Math.ceil(0.99 * pauses.length)) - 1] as number
      const max = pauses.at(-1) as number
      const expected = p99 > DEFAULT_THRESHOLDS.stwP99Ms || max > DEFAULT_THRESHOLDS.stwMaxMs
      return (findingOf(analysis) !== undefined) === expected && (!short || !expected)
    }),
    {numRuns: 80},
  )
  t.pass()
})
