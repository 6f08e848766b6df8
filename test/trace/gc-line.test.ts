// One case per era, each a real line whose source is named (see fixtures/README.md).
import test, {type ExecutionContext} from 'ava'
import fc from 'fast-check'

import {readdirSync, readFileSync} from 'node:fs'

import {CutHead119, cutLine119, gcLine, gcLineByFieldGroups, type GcLineFields} from '../../src/trace/gc-line.js'
import {fixture, recording} from '../helpers/paths.js'

function parsesTo(t: ExecutionContext, line: string, expected: Partial<GcLineFields>) {
  const result = gcLine.parse(line)
  if (!result.status) return t.fail(`did not parse: expected ${result.expected.join(', ')} at ${result.index.offset}`)
  for (const [field, value] of Object.entries(expected)) t.deepEqual(result.value[field as keyof GcLineFields], value, `field ${field}`)
}
parsesTo.title = (source = '', line: string) => `${source}: ${line.slice(0, 40)}…`

// Go 1.19.8, ../shared/traces/seed-madvfree/trace.log line 2.
test('go1.19 recording', parsesTo, 'gc 1 @0.008s 2%: 0.095+0.35+0.003 ms clock, 0.19+0.050/0.30/0.080+0.006 ms cpu, 256->256->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P', {
  shape: 'go1.19',
  seq: 1,
  at: 0.008,
  gcCpuPercent: 2,
  clockMs: {sweepTermination: 0.095, mark: 0.35, markTermination: 0.003},
  cpuMs: {sweepTermination: 0.19, assist: 0.05, background: 0.3, idle: 0.08, markTermination: 0.006},
  heapMB: {atStart: 256, atEnd: 256, live: 0},
  goalMB: 4,
  stacksMB: 0,
  globalsMB: 0,
  procs: 2,
  forced: false,
  extraPhasesMs: null,
})

// Go 1.22.3, golang/go#68643.
test('go1.22 golang/go#68643', parsesTo, 'gc 1 @3.003s 0%: 0.012+0.15+0.003 ms clock, 0.29+0/0.16/0+0.074 ms cpu, 4->4->4 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 24 P', {
  shape: 'go1.19',
  at: 3.003,
  cpuMs: {sweepTermination: 0.29, assist: 0, background: 0.16, idle: 0, markTermination: 0.074},
  procs: 24,
})

// Go 1.16, golang/go#44554 (its log prefix is tested with the reader).
test('go1.16 golang/go#44554', parsesTo, 'gc 46 @1573.417s 0%: 0.18+24+0.029 ms clock, 1.4+0.27/49/121+0.23 ms cpu, 259->262->125 MB, 265 MB goal, 8 P', {
  shape: 'go1.6',
  seq: 46,
  at: 1573.417,
  clockMs: {sweepTermination: 0.18, mark: 24, markTermination: 0.029},
  heapMB: {atStart: 259, atEnd: 262, live: 125},
  goalMB: 265,
  stacksMB: null,
  globalsMB: null,
  procs: 8,
})

// devel go1.8, golang/go#17831.
test('go1.8 golang/go#17831', parsesTo, 'gc 20072 @698.871s 14%: 0.14+5.1+0.35 ms clock, 4.7+14/41/1.1+11 ms cpu, 104->104->46 MB, 107 MB goal, 36 P', {
  shape: 'go1.6',
  gcCpuPercent: 14,
  cpuMs: {sweepTermination: 4.7, assist: 14, background: 41, idle: 1.1, markTermination: 11},
  stwMs: 0.49,
})

// Go 1.5.3/1.6, golang/go#15068: five clock phases, seven cpu times, and a forced cycle.
test('go1.5 golang/go#15068', parsesTo, 'gc 49 @4.380s 0%: 4.8+5.2+0.54+0.35+0.60 ms clock, 19+5.2+0+4.5/0.006/7.2+2.4 ms cpu, 124->125->58 MB, 130 MB goal, 32 P', {
  shape: 'go1.5',
  clockMs: {sweepTermination: 4.8, mark: 0.35, markTermination: 0.6},
  cpuMs: {sweepTermination: 19, assist: 4.5, background: 0.006, idle: 7.2, markTermination: 2.4},
  extraPhasesMs: {scanClock: 5.2, installWriteBarrierClock: 0.54, scanCpu: 5.2, installWriteBarrierCpu: 0},
  heapMB: {atStart: 124, atEnd: 125, live: 58},
  goalMB: 130,
  forced: false,
})
test('go1.5 forced golang/go#15068', parsesTo, 'gc 59 @5.182s 0%: 0.092+0+0+0+6.8 ms clock, 0.37+0+0+4.1/0.025/5.8+27 ms cpu, 79->79->79 MB, 79 MB goal, 32 P (forced)', {
  shape: 'go1.5',
  forced: true,
  // A forced cycle in Go 1.5/1.6 stopped the world throughout.
  stwMs: 6.892,
})

// Go 1.3 and 1.4 (quoted from a third-party parser's tests; see fixtures/README.md).
test('go1.3', parsesTo, 'gc1(1): 5+0+186+0 us, 0 -> 0 MB, 18 (19-1) objects, 0/0/0 sweeps, 0(0) handoff, 0(0) steal, 0/0/0 yields', {
  shape: 'go1.3',
  seq: 1,
  at: null,
  gcCpuPercent: null,
  cpuMs: null,
  goalMB: null,
  heapMB: {atStart: 0, atEnd: 0, live: null},
  procs: 1,
  clockMs: {sweepTermination: 0.005, mark: 0.186, markTermination: 0},
  stwMs: 0.191,
})
test('go1.4', parsesTo, 'gc1(1): 4+0+1097+3 us, 0 -> 0 MB, 21 (21-0) objects, 2 goroutines, 15/0/0 sweeps, 0(0) handoff, 0(0) steal, 0/0/0 yields', {
  shape: 'go1.4',
  stwMs: 1.104,
})

test('format drift is a parse failure, not a guess', (t) => {
  // The seed line with its goal removed, and with a comma inside a number.
  t.false(gcLine.parse('gc 1 @0.008s 2%: 0.095+0.35+0.003 ms clock, 0.19+0.050/0.30/0.080+0.006 ms cpu, 256->256->0 MB, 0 MB stacks, 0 MB globals, 2 P').status)
  t.false(gcLine.parse('gc 1 @0.008s 2%: 0.095+0.35+0.003 ms clock, 0.19+0.050/0.30/0.080+0.006 ms cpu, 1,256->256->0 MB, 4 MB goal, 2 P').status)
  // Five clock phases with five cpu times mixes two eras.
  t.false(gcLine.parse('gc 49 @4.380s 0%: 4.8+5.2+0.54+0.35+0.60 ms clock, 0.19+0.050/0.30/0.080+0.006 ms cpu, 124->125->58 MB, 130 MB goal, 32 P').status)
})

// The shortcut for a cut line's head (cutLine119) must give the full grammar's answer: the same
// failure (where, and what was expected — mending's cuts are worked out from it) or the same value.
const replyOf = (parser: typeof gcLine, text: string) => {
  const reply = (parser as unknown as {_(input: string, i: number): {status: boolean; value?: unknown; furthest: number; expected: string[]}})._(text, 0)
  return reply.status ? {ok: true, value: reply.value} : {ok: false, furthest: reply.furthest, expected: reply.expected}
}

test('a gc line cut anywhere and followed by app text fails exactly as the full grammar fails', (t) => {
  const splices = readFileSync(recording('go1.19-stderr-splices'), 'utf8').split('\n')
  const whole = /^gc \d+ @\d+\.\d{3}s \d+%: .* \d+ P(?: \(forced\))?$/
  const gcLines = [
    ...readdirSync(fixture('recordings')).filter((name) => !name.startsWith('.')).flatMap((name) => readFileSync(recording(name), 'utf8').split('\n').filter((line) => whole.test(line)).slice(0, 40)),
    ...(JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {line: string}[]).map((entry) => entry.line).filter((line) => line.startsWith('gc')),
  ]
  // What follows the head: real app lines of the splices recording (one starts with digits, as a
  // `log` timestamp does), the tail of a gc line (a second gc line's text, as if cut twice), nothing.
  const appTexts = [splices.find((line) => /^\d{4}\/\d\d\/\d\d /.test(line)) as string, ' MB goal, 0 MB stacks', '5 P', '+0.4+0.5 ms clock, ', ' (forced)', '']
  t.true(appTexts[0] !== undefined && gcLines.length > 400)
  let shortcut = 0
  let compared = 0
  for (const line of gcLines) {
    for (let cut = 0; cut <= line.length; cut++) {
      for (const app of appTexts) {
        const head = line.slice(0, cut) + app
        compared++
        if (cutLine119(head, 0) !== undefined) shortcut++
        const fast = replyOf(gcLine, head)
        const full = replyOf(gcLineByFieldGroups, head)
        if (JSON.stringify(fast) !== JSON.stringify(full)) return t.deepEqual(fast, full, head)
      }
    }
  }
  t.log(`${compared} heads, ${shortcut} answered by the shortcut`)
  // Most heads of 1.19 lines must go the short way, or the shortcut is not doing its job.
  t.true(shortcut > compared / 2, `${shortcut} of ${compared}`)
})

test('readings of one head share what they read of its tail only where they read it from the same place', (t) => {
  // Real: the head of gc 8172 in fixtures/recordings/go1.19-stderr-splices, cut in its goal (issue 2).
  const head = Buffer.from('gc 8172 @4.530s 30%: 0.054+0.45+0.020 ms clock, 0.10+0.053/0.10/0+0.041 ms cpu, 2->3->1 MB, 42026/11/25 18:09:14 worker 1 handled 200000 requests')
  const shared = new CutHead119()
  t.is(shared.read(head, 0, head.length), 'cut')
  // Bytes whose whole length counts as one tail: a reading from 0 reads the goal group and fails
  // on the second; one from 11 reads the second as the goal and the rest as a line's end.
  const bytes = Buffer.from('4 MB goal, 7 MB goal, 0 MB stacks, 0 MB globals, 2 P')
  shared.newTail(0)
  const alone = (start: number) => {
    const fresh = new CutHead119()
    fresh.read(head, 0, head.length)
    return {forced: fresh.readingNumbers(bytes, start, bytes.length), numbers: [...fresh.numbers]}
  }
  t.is(shared.readingNumbers(bytes, 0, bytes.length), undefined)
  const second = alone(11)
  t.is(second.forced, false)
  t.is(shared.readingNumbers(bytes, 11, bytes.length), second.forced)
  t.deepEqual([...shared.numbers], second.numbers)
  // Read again from the same place: the shared rest, the same numbers.
  t.is(shared.readingNumbers(bytes, 11, bytes.length), false)
  t.deepEqual([...shared.numbers], second.numbers)
  // A head read again shares nothing until it is told of a tail: two tails read from the same place.
  t.is(shared.read(head, 0, head.length), 'cut')
  t.is(shared.readingNumbers(bytes, 11, bytes.length), false)
  const other = Buffer.from('4 MB goal, 7 MB goal, 5 MB stacks, 0 MB globals, 2 P (forced)')
  t.is(shared.readingNumbers(other, 11, other.length), true)
  t.is(shared.numbers[15], 5)
})

test('property: a head read where more text follows its end is read as the head alone', (t) => {
  const lines = readFileSync(recording('go1.19-stderr-splices'), 'utf8').split('\n').filter((line) => line.startsWith('gc '))
  fc.assert(
    fc.property(fc.constantFrom(...lines), fc.nat(), fc.constantFrom('', '0', '12 MB goal, 0 MB stacks, 0 MB globals, 2 P', '\n'), (line, cut, more) => {
      const head = line.slice(0, cut % (line.length + 1))
      const within = Buffer.from(head + more + '7')
      const alone = new CutHead119()
      const inside = new CutHead119()
      const kind = alone.read(Buffer.from(head), 0, head.length)
      t.is(inside.read(within, 0, head.length), kind, head)
      if (kind === undefined) return
      t.is(inside.furthest, alone.furthest)
      t.deepEqual([...inside.numbers], [...alone.numbers])
    }),
    {numRuns: 2000},
  )
})
