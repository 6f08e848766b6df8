// memory-limit-pressure on real recordings (Go 1.19.8) and on gc lines in the runtime's format.
import test from 'ava'
import {readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import {parseGoVersion} from '../../../src/analysis/runtime.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string) => cache.get(name) ?? (cache.set(name, analyzeRecording(name)), cache.get(name) as Promise<Analysis>)
const findingOf = (analysis: Analysis, id = 'memory-limit-pressure') => analysis.diagnosis?.findings.find((f) => f.id === id)
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

const GC = /^gc (\d+) @(\d+\.\d+)s \d+%: .* (\d+)->(\d+)->(\d+) MB, (\d+) MB goal/
const cyclesOf = (name: string) =>
  readFileSync(recording(name), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = GC.exec(line)
      return m === null ? [] : [{seq: Number(m[1]), at: Number(m[2]), atStart: Number(m[3]), atEnd: Number(m[4]), live: Number(m[5]), goal: Number(m[6])}]
    })

test('go1.19-memlimit-gogc-off: critical, ranked first, from the recorded GOMEMLIMIT and GOGC=off', async (t) => {
  const analysis = await analyzed('go1.19-memlimit-gogc-off')
  const finding = findingOf(analysis)
  if (finding === undefined) return t.fail('no memory-limit-pressure finding')
  t.is(analysis.diagnosis?.findings[0]?.id, 'memory-limit-pressure')
  t.is(finding.severity, 'critical')
  const cycles = cyclesOf('go1.19-memlimit-gogc-off')
  t.is(cycles.length, 96)
  const goals = cycles.map((c) => c.goal)
  const first = cycles[0] as (typeof cycles)[number]
  const last = cycles.at(-1) as (typeof cycles)[number]
  t.is(evidence(finding, 'cycles with the goal capped'), 96, 'GOGC=off: every heap-triggered cycle is the limit’s')
  t.is(evidence(finding, 'heap goal (lowest)'), Math.min(...goals))
  t.is(evidence(finding, 'heap goal (highest)'), Math.max(...goals))
  t.is(evidence(finding, 'live heap at the first capped cycle'), first.live)
  t.is(evidence(finding, 'live heap at the last capped cycle'), last.live)
  t.is(evidence(finding, 'headroom at the last capped cycle'), last.goal - last.live)
  t.is(evidence(finding, 'memory limit (recorded)'), 64)
  // Cycles pile up: the last intervals are several times shorter than the first ones.
  const early = evidence(finding, 'interval between cycles (first quarter, median)') ?? 0
  const late = evidence(finding, 'interval between cycles (last quarter, median)') ?? Number.POSITIVE_INFINITY
  t.true(early > 4 * late, `${early} vs ${late}`)
  t.true((evidence(finding, 'cycles per second (last 10)') ?? 0) >= 10)
  // It explains the heap held at the limit, no more than RSS at the end.
  const rss = readFileSync(recording('go1.19-memlimit-gogc-off', 'rss.csv'), 'utf8').trim().split('\n').slice(1)
  const lastRss = Number(rss.at(-1)?.split(',')[2]) / 1024
  t.is(finding.explainsMiB, Math.round(Math.min(Math.max(last.atStart, last.atEnd), lastRss) * 10) / 10)
  t.true(finding.because.includes('GOMEMLIMIT=64MiB with GOGC=off'), finding.because)
  t.true(finding.because.includes(`${first.live} MB to ${last.live} MB`), finding.because)
  t.true(finding.because.includes(`${last.goal - last.live} MB`), finding.because)
  t.regex(finding.because, /The live heap grows \d+(\.\d)? MiB\/min/)
  t.true(finding.advice.some((a) => a.includes('-base')), 'a growing live heap brings the heap-profile advice')
})

test('go1.19-memlimit-gogc-off: the findings it makes redundant are not listed', async (t) => {
  const analysis = await analyzed('go1.19-memlimit-gogc-off')
  t.is(findingOf(analysis, 'live-heap-growth'), undefined)
  t.is(findingOf(analysis, 'heap-goal-headroom'), undefined)
})

test('go1.19-memlimit-gogc-off without recorded settings: inferred from flat goals under a rising live heap', async (t) => {
  const finding = findingOf(await analyzeRecording('go1.19-memlimit-gogc-off', {environment: null}))
  if (finding === undefined) return t.fail('no memory-limit-pressure finding')
  t.regex(finding.because, /^No settings were recorded/)
  t.is(evidence(finding, 'memory limit (recorded)'), undefined)
  // Only cycles whose goal is under 1.5× the previous live heap count: live ≥ 36 MB against a 53 MB goal.
  const cycles = cyclesOf('go1.19-memlimit-gogc-off')
  const expected = cycles.filter((c, i) => i > 0 && (cycles[i - 1]?.live ?? 0) >= 8 && c.goal < 1.5 * (cycles[i - 1]?.live ?? 0)).length
  t.true(expected >= 5)
  t.is(evidence(finding, 'cycles with the goal capped'), expected)
})

test('go1.19-memlimit-gogc-off read as Go 1.18: memory limits do not exist there', async (t) => {
  const version = parseGoVersion('1.18')
  if (version === undefined) return t.fail('version')
  t.is(findingOf(await analyzeRecording('go1.19-memlimit-gogc-off', {goVersion: version})), undefined)
})

for (const name of ['go1.19-healthy-steady', 'go1.19-leak', 'go1.19-goroutine-pileup', 'go1.19-forced-gc', 'go1.19-pacer-trace', 'go1.19-seed-madvfree-10x256mb', 'go1.19-big-alloc-then-idle-madvdontneed']) {
  test(`${name}: no memory-limit-pressure`, async (t) => {
    t.is(findingOf(await analyzed(name)), undefined)
  })
}

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'memory-limit-pressure' && f.severity !== 'info'))
})

test('a low GOGC, not a limit: goals under 1.5× live that move with it are not read as a cap', async (t) => {
  // GOGC=20: goal = 1.2 × the previous live heap, live rising 20 → 80 MB.
  const lines = Array.from({length: 30}, (_, i) => {
    const live = 20 + 2 * i
    const goal = Math.floor(1.2 * (live - 2))
    return `gc ${i + 1} @${(2 * (i + 1)).toFixed(3)}s 1%: 0.020+1.1+0.010 ms clock, 0.040+0.10/1.0/0+0.020 ms cpu, ${goal}->${goal}->${live} MB, ${goal} MB goal, 0 MB stacks, 0 MB globals, 2 P`
  })
  const analysis = analyzeTrace((await parseText(`${lines.join('\n')}\n`)).trace)
  t.is(findingOf(analysis), undefined)
})

test('a limit that binds with plenty of headroom is info: the limit doing its job', async (t) => {
  // GOGC=off with a 128 MiB limit: the limit sets a flat 100 MB goal over a 30 MB live heap, 70% headroom.
  const lines = Array.from({length: 30}, (_, i) => `gc ${i + 1} @${(2 * (i + 1)).toFixed(3)}s 1%: 0.020+1.1+0.010 ms clock, 0.040+0.10/1.0/0+0.020 ms cpu, 100->100->30 MB, 100 MB goal, 0 MB stacks, 0 MB globals, 2 P`)
  const finding = findingOf(analyzeTrace((await parseText(`${lines.join('\n')}\n`)).trace, {environment: {GOGC: 'off', GOMEMLIMIT: '128MiB'}}))
  if (finding === undefined) return t.fail('no memory-limit-pressure finding')
  t.is(finding.severity, 'info')
  t.is(finding.title, 'A memory limit sets the heap goal')
})
