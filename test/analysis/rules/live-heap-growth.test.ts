// live-heap-growth on real recordings (Go 1.19.8). Expected numbers are worked out from the trace
// text with a plain regexp and a least-squares fit written here, not with the rule's own code.
import test from 'ava'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import {recordedGogc, recordedMemoryLimitMiB} from '../../../src/analysis/rules/environment.js'
import {fitGrowth, isGrowing} from '../../../src/analysis/rules/fit.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {DEFAULT_THRESHOLDS} from '../../../src/analysis/thresholds.js'
import {type CycleTable, cycleTableOf} from '../../../src/trace/cycle-table.js'
import type {GcCycle} from '../../../src/trace/types.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const GC = /^gc (\d+) @(\d+\.\d+)s \d+%: .* (\d+)->(\d+)->(\d+) MB, (\d+) MB goal/

/** seq, at and live of every intact gc line of a recording. */
function liveFromText(name: string): {seq: number; at: number; live: number; goal: number}[] {
  return readFileSync(recording(name), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = GC.exec(line)
      return m === null ? [] : [{seq: Number(m[1]), at: Number(m[2]), live: Number(m[5]), goal: Number(m[6])}]
    })
}

function slopeAndR2(points: [number, number][]): {slope: number; r2: number} {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  const syy = points.reduce((s, [, y]) => s + (y - my) ** 2, 0)
  return {slope: sxy / sxx, r2: (sxy * sxy) / (sxx * syy)}
}

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string) => cache.get(name) ?? (cache.set(name, analyzeRecording(name)), cache.get(name) as Promise<Analysis>)
const findingOf = (analysis: Analysis, id = 'live-heap-growth') => analysis.diagnosis?.findings.find((f) => f.id === id)
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

test('go1.19-leak: fires first, warn, with the slope and R² of the live heap after warm-up', async (t) => {
  const analysis = await analyzed('go1.19-leak')
  const finding = findingOf(analysis)
  if (finding === undefined) return t.fail('no live-heap-growth finding')
  t.is(analysis.diagnosis?.findings[0]?.id, 'live-heap-growth')
  t.is(finding.severity, 'warn')
  const cycles = liveFromText('go1.19-leak')
  t.is(cycles.length, 110)
  const judged = cycles.slice(DEFAULT_THRESHOLDS.warmupCycles)
  const {slope, r2} = slopeAndR2(judged.map((c) => [c.at / 60, c.live]))
  t.true(slope > 150 && slope < 190, `independent slope ${slope}`)
  t.true(Math.abs((evidence(finding, 'live heap growth rate') ?? 0) - slope) < 0.1)
  t.true(Math.abs((evidence(finding, 'fit quality (R²)') ?? 0) - r2) < 0.001)
  t.true(r2 > 0.99)
  const first = judged[0] as (typeof judged)[number]
  const last = judged.at(-1) as (typeof judged)[number]
  t.deepEqual([first.seq, first.live, last.seq, last.live], [6, 1, 110, 167])
  t.is(finding.explainsMiB, last.live - first.live)
  t.is(evidence(finding, 'cycles fitted'), 105)
  t.true(finding.because.includes('167 MB at gc 110 (@59.3s)'), finding.because)
  t.true(finding.because.includes(`${(Math.round(slope * 10) / 10).toFixed(1)} MiB/min`), finding.because)
  t.true(finding.because.includes('319 MB at gc 110'), finding.because)
  t.true(finding.advice.some((a) => a.includes('-sample_index=inuse_space') && a.includes('-base')))
})

test('go1.19-leak with a recorded GOMEMLIMIT it would reach within the hour: critical, with the time to the limit', async (t) => {
  const analysis = await analyzeRecording('go1.19-leak', {environment: {GODEBUG: 'gctrace=1', GOGC: null, GOMEMLIMIT: '512MiB', GOMAXPROCS: null}})
  const finding = findingOf(analysis)
  if (finding === undefined) return t.fail('no live-heap-growth finding')
  t.is(finding.severity, 'critical')
  const minutes = evidence(finding, 'time until the live heap reaches GOMEMLIMIT') ?? Number.NaN
  // (512 − 167) MiB at ≈169 MiB/min ≈ 2 min.
  t.true(minutes > 1.8 && minutes < 2.3, `${minutes}`)
  t.regex(finding.because, /reaches GOMEMLIMIT=512MiB \(512 MiB\) in 2\.\d min/)
})

test('go1.19-leak: a slope threshold above the real slope silences it', async (t) => {
  const analysis = await analyzeRecording('go1.19-leak', {thresholds: {...DEFAULT_THRESHOLDS, leakMiBPerMinute: 200}})
  t.is(findingOf(analysis), undefined)
})

test('go1.19-goroutine-pileup: growth over a window shorter than minSeconds is only info, and says so', async (t) => {
  const finding = findingOf(await analyzed('go1.19-goroutine-pileup'))
  if (finding === undefined) return t.fail('no live-heap-growth finding')
  t.is(finding.severity, 'info')
  t.regex(finding.because, /only 29 s \(under 30 s\)/)
  // The goal there is made of stacks, not live heap: no "the goal follows it" sentence.
  t.false(finding.because.includes('goal follows'))
})

for (const name of ['go1.19-healthy-steady', 'go1.19-seed-madvfree-10x256mb', 'go1.19-seed-madvdontneed-10x256mb', 'go1.19-big-alloc-then-idle-madvdontneed', 'go1.19-stderr-splices', 'go1.19-pacer-trace', 'go1.19-forced-gc', 'go1.19-mmap-outside-heap']) {
  test(`${name}: no live-heap-growth`, async (t) => {
    const analysis = await analyzed(name)
    t.is(findingOf(analysis), undefined)
  })
}

test('go1.19-memlimit-gogc-off: the live heap does grow, but memory-limit-pressure reports it (supersedes)', async (t) => {
  const analysis = await analyzed('go1.19-memlimit-gogc-off')
  t.is(findingOf(analysis), undefined)
  const pressure = findingOf(analysis, 'memory-limit-pressure')
  if (pressure === undefined) return t.fail('no memory-limit-pressure')
  t.regex(pressure.because, /The live heap grows \d+(\.\d)? MiB\/min/)
  // Without the limit's rule, the growth is there to see: 1 → 50 MB over 30 s, R² ≈ 1.
  const segment = analysis.trace.segments[0]
  if (segment === undefined) return t.fail('no segment')
  const growth = fitGrowth(segment.cycles, (i) => segment.cycles.liveHeapMB(i), DEFAULT_THRESHOLDS.warmupCycles)
  t.true(growth !== null && isGrowing(growth, DEFAULT_THRESHOLDS))
})

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'live-heap-growth' && f.severity !== 'info'))
})

test('too few cycles after warm-up: not judged, and says why', async (t) => {
  const lines = Array.from({length: 7}, (_, i) => `gc ${i + 1} @${(i + 1).toFixed(3)}s 0%: 0.01+0.1+0.01 ms clock, 0.02+0/0.1/0+0.02 ms cpu, 8->8->${4 + i} MB, 8 MB goal, 0 MB stacks, 0 MB globals, 2 P`)
  const {trace} = await parseText(`${lines.join('\n')}\n`)
  const notJudged = analyzeTrace(trace).diagnosis?.notJudged.find((n) => n.id === 'live-heap-growth')
  t.regex(notJudged?.reason ?? '', /2 timed cycles after the first 5 \(warm-up\); the live-heap fit needs 5/)
})

test('recorded settings: GOGC and GOMEMLIMIT as the runtime reads them', (t) => {
  t.is(recordedGogc(null), undefined)
  t.is(recordedGogc({GOGC: null}), 100)
  t.is(recordedGogc({GOGC: 'off'}), 'off')
  t.is(recordedGogc({GOGC: '-1'}), 'off')
  t.is(recordedGogc({GOGC: '50'}), 50)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: '64MiB'}), 64)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: '2GiB'}), 2048)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: '1048576'}), 1)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: null}), null)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: 'off'}), null)
  t.is(recordedMemoryLimitMiB({GOMEMLIMIT: '64MB'}), undefined, 'the runtime does not take SI units')
  t.is(recordedMemoryLimitMiB(null), undefined)
})

const cyclesOf = (lives: number[], stepS: number): CycleTable =>
  cycleTableOf(
  lives.map((live, i): GcCycle => ({
    kind: 'cycle',
    shape: 'go1.19',
    seq: i + 1,
    at: (i + 1) * stepS,
    gcCpuPercent: 0,
    clockMs: {sweepTermination: 0.01, mark: 0.1, markTermination: 0.01},
    cpuMs: null,
    extraPhasesMs: null,
    stwMs: 0.02,
    heapMB: {atStart: 2 * live, atEnd: 2 * live, live},
    goalMB: 2 * live,
    stacksMB: 0,
    globalsMB: 0,
    procs: 2,
    forced: false,
    trigger: 'heap',
    spliced: false,
    line: i + 1,
    prefix: '',
    wallMs: null,
  })),
  )

const fitLive = (cycles: CycleTable, warmupCycles: number) => fitGrowth(cycles, (i) => cycles.liveHeapMB(i), warmupCycles)

test('property: a live heap that moves only within floor rounding (±1 MB) never counts as growing', (t) => {
  fc.assert(
    fc.property(fc.integer({min: 0, max: 1000}), fc.array(fc.integer({min: 0, max: 1}), {minLength: 10, maxLength: 300}), fc.double({min: 0.01, max: 120, noNaN: true}), (base, noise, stepS) => {
      const growth = fitLive(cyclesOf(noise.map((n) => base + n), stepS), DEFAULT_THRESHOLDS.warmupCycles)
      return growth === null || !isGrowing(growth, DEFAULT_THRESHOLDS)
    }),
  )
  t.pass()
})

test('property: a live heap rising steadily faster than the threshold always counts as growing', (t) => {
  fc.assert(
    fc.property(fc.double({min: 2, max: 5000, noNaN: true}), fc.integer({min: 12, max: 300}), fc.double({min: 1, max: 60, noNaN: true}), (perMinute, count, stepS) => {
      fc.pre((perMinute * ((count - DEFAULT_THRESHOLDS.warmupCycles - 1) * stepS)) / 60 >= 8)
      const lives = Array.from({length: count}, (_, i) => Math.floor(10 + (perMinute * (i + 1) * stepS) / 60))
      const growth = fitLive(cyclesOf(lives, stepS), DEFAULT_THRESHOLDS.warmupCycles)
      return growth !== null && isGrowing(growth, DEFAULT_THRESHOLDS)
    }),
  )
  t.pass()
})

test('a ramp that has levelled off is not growing, even where the fit over the whole window passes', (t) => {
  // 1 MB per second for 50 s, then flat for 50 s: start-up filling a cache.
  const lives = Array.from({length: 105}, (_, i) => 10 + Math.min(i, 55))
  const growth = fitLive(cyclesOf(lives, 1), DEFAULT_THRESHOLDS.warmupCycles)
  if (growth === null) return t.fail('no fit')
  const lenient = {...DEFAULT_THRESHOLDS, leakMinR2: 0.5}
  t.true(growth.slopePerMinute > lenient.leakMiBPerMinute && growth.r2 > lenient.leakMinR2, `slope ${growth.slopePerMinute}, R² ${growth.r2}`)
  t.is(growth.laterSlopePerMinute, 0)
  t.false(isGrowing(growth, lenient))
})
