// The reader scores a cut line's readings on flat figures (cycle-figures.ts) instead of on cycle
// objects. The score must be the very float the object-based scoring gave (it decides which
// reading wins, and ties are decided by `<`): checked against that scoring, written here as it
// was, on real cycles of every era (whose fields are null where their line printed none) and on
// real cycles with figures changed at random.
import test from 'ava'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import {cycleDistance, FIGURES, figuresOfCycle, logDistance} from '../../src/trace/cycle-figures.js'
import {cycleOfLine119, LINE_119_NUMBERS} from '../../src/trace/gc-line.js'
import type {GcCycle} from '../../src/trace/types.js'
import {fixture, recording} from '../helpers/paths.js'
import {parseText} from '../helpers/parse.js'

type Figures = Pick<GcCycle, 'seq' | 'at' | 'gcCpuPercent' | 'clockMs' | 'cpuMs' | 'heapMB' | 'goalMB' | 'stacksMB' | 'globalsMB' | 'procs'>

/** The object-based scoring the reader used before (read-events.ts distanceFromNeighbours, for a cycle). */
function objectDistance(c: Figures, previous: Figures, bound: number, toBeat = Number.NaN): number {
  const logDistance = (a: number, b: number, floor = 1) => Math.abs(Math.log2((a + floor) / (b + floor)))
  let score = 0
  const step = c.seq - previous.seq
  score += step === 1 ? 0 : c.seq === 1 ? 2 : step > 1 && step < 1000 ? 1 + Math.log10(step) : 10
  if (c.at !== null && previous.at !== null && c.at < previous.at && c.seq !== 1) score += 5
  score += logDistance(c.gcCpuPercent ?? 0, previous.gcCpuPercent ?? 0)
  score += logDistance(c.heapMB.atStart, previous.heapMB.atStart) + logDistance(c.heapMB.atEnd, previous.heapMB.atEnd)
  score += logDistance(c.heapMB.live ?? 0, previous.heapMB.live ?? 0) + logDistance(c.goalMB ?? 0, previous.goalMB ?? 0)
  score += logDistance(c.stacksMB ?? 0, previous.stacksMB ?? 0) + logDistance(c.globalsMB ?? 0, previous.globalsMB ?? 0)
  if (bound + score >= toBeat) return score
  const clock = c.clockMs
  const clockBefore = previous.clockMs
  score += 0.25 * logDistance(clock.sweepTermination, clockBefore.sweepTermination, 0.01)
  score += 0.25 * logDistance(clock.mark, clockBefore.mark, 0.01)
  score += 0.25 * logDistance(clock.markTermination, clockBefore.markTermination, 0.01)
  const cpu = c.cpuMs
  const cpuBefore = previous.cpuMs
  if (cpu !== null && cpuBefore !== null) {
    score += 0.25 * logDistance(cpu.sweepTermination, cpuBefore.sweepTermination, 0.01)
    score += 0.25 * logDistance(cpu.assist, cpuBefore.assist, 0.01)
    score += 0.25 * logDistance(cpu.background, cpuBefore.background, 0.01)
    score += 0.25 * logDistance(cpu.idle, cpuBefore.idle, 0.01)
    score += 0.25 * logDistance(cpu.markTermination, cpuBefore.markTermination, 0.01)
  }
  if (c.procs !== previous.procs) score += 1
  return score
}

function figures(cycle: Figures): Float64Array {
  const out = new Float64Array(FIGURES)
  figuresOfCycle(cycle, out)
  return out
}

const catalog = JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {line: string}[]
const realCycles = async (): Promise<GcCycle[]> => {
  const texts = [catalog.map((entry) => entry.line).join('\n'), readFileSync(recording('go1.19-stderr-splices', 'trace.log'), 'utf8').split('\n').slice(0, 4000).join('\n')]
  const cycles: GcCycle[] = []
  for (const text of texts) for (const event of (await parseText(text)).events) if (event.kind === 'cycle') cycles.push(event)
  return cycles
}

test('a Go 1.19 line’s numbers are its cycle’s figures as they are', (t) => {
  const numbers = Float64Array.from({length: LINE_119_NUMBERS.length}, (_, i) => i * 1.5 + 0.25)
  t.is(numbers.length, FIGURES)
  t.deepEqual([...figures(cycleOfLine119(numbers, false))], [...numbers])
})

test('every pair of real cycles (every era, nulls included) scores as the object-based scoring did, with and without a score to beat', async (t) => {
  const cycles = await realCycles()
  const eras = new Set(cycles.map((cycle) => cycle.shape))
  t.true(eras.size >= 4, [...eras].join(' '))
  let pairs = 0
  for (let i = 0; i < cycles.length; i++) {
    // Each cycle against the one before it and against one of each other era.
    for (const j of [i - 1, (i * 7919) % cycles.length]) {
      if (j < 0) continue
      const c = cycles[i] as GcCycle
      const previous = cycles[j] as GcCycle
      for (const [bound, toBeat] of [
        [0, Number.NaN],
        [0.5, 1],
        [2.5, 3.25],
      ] as const) {
        t.is(cycleDistance(figures(c), figures(previous), bound, toBeat), objectDistance(c, previous, bound, toBeat))
      }
      pairs++
    }
  }
  t.true(pairs > 1000, `${pairs} pairs`)
})

test('property: real cycles with figures changed at random score as the object-based scoring did', async (t) => {
  const cycles = await realCycles()
  const size = fc.oneof(fc.constant(null), fc.integer({min: 0, max: 1 << 20}), fc.double({min: 0, max: 1e6, noNaN: true}))
  const ms = fc.oneof(fc.integer({min: 0, max: 99999}).map((us) => us / 1000), fc.double({min: 0, max: 1e5, noNaN: true}))
  const change = fc.record({
    seq: fc.integer({min: 0, max: 1 << 30}),
    at: fc.oneof(fc.constant(null), fc.double({min: 0, max: 1e6, noNaN: true})),
    gcCpuPercent: fc.oneof(fc.constant(null), fc.integer({min: 0, max: 100})),
    live: size,
    goalMB: size,
    stacksMB: size,
    globalsMB: size,
    clock: fc.array(ms, {minLength: 3, maxLength: 3}),
    cpu: fc.option(fc.array(ms, {minLength: 5, maxLength: 5}), {nil: null}),
    procs: fc.integer({min: 1, max: 256}),
  })
  fc.assert(
    fc.property(fc.nat(cycles.length - 1), fc.nat(cycles.length - 1), change, fc.double({min: 0, max: 5, noNaN: true}), fc.option(fc.double({min: 0, max: 10, noNaN: true}), {nil: undefined}), (a, b, x, bound, toBeat) => {
      const previous = cycles[a] as GcCycle
      const base = cycles[b] as GcCycle
      const c: Figures = {
        ...base,
        seq: x.seq,
        at: x.at,
        gcCpuPercent: x.gcCpuPercent,
        heapMB: {...base.heapMB, live: x.live},
        goalMB: x.goalMB,
        stacksMB: x.stacksMB,
        globalsMB: x.globalsMB,
        clockMs: {sweepTermination: x.clock[0] as number, mark: x.clock[1] as number, markTermination: x.clock[2] as number},
        cpuMs: x.cpu === null ? null : {sweepTermination: x.cpu[0] as number, assist: x.cpu[1] as number, background: x.cpu[2] as number, idle: x.cpu[3] as number, markTermination: x.cpu[4] as number},
        procs: x.procs,
      }
      const expected = objectDistance(c, previous, bound, toBeat)
      return Object.is(cycleDistance(figures(c), figures(previous), bound, toBeat ?? Number.NaN), expected) && Object.is(cycleDistance(figures(previous), figures(c), bound, toBeat ?? Number.NaN), objectDistance(previous, c, bound, toBeat))
    }),
    {numRuns: 3000},
  )
  t.pass()
})

test('property: logDistance is |log2| of the ratio to the bit, equal values and edge values included', (t) => {
  // 1e-20: a value unequal to 0 whose ratio to it, floor added, is still exactly 1.
  const edge = fc.constantFrom(0, -0, 1e-20, 1, -1, -0.01, 0.01, 4, 1e308, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN)
  const value = fc.oneof(edge, fc.double(), fc.nat(5000))
  fc.assert(
    fc.property(value, value, fc.boolean(), fc.constantFrom(1, 0.01), (a, b, same, floor) => {
      const other = same ? a : b
      t.true(Object.is(logDistance(a, other, floor), Math.abs(Math.log2((a + floor) / (other + floor)))), `${a} ${other} ${floor}`)
    }),
    {numRuns: 3000},
  )
})
