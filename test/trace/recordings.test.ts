// Golden tests on real recordings (fixtures/recordings/, Go 1.19.8). Every expectation is worked
// out independently of the grammar — by counting lines with plain string tests, or from what the
// recorded program is known to do — so a parser bug cannot agree with itself.
import test from 'ava'
import {readFileSync, readdirSync} from 'node:fs'

import type {GcCycle, TraceEvent} from '../../src/trace/types.js'
import {fixture, recording} from '../helpers/paths.js'
import {linesOf, parseText} from '../helpers/parse.js'

const names = readdirSync(fixture('recordings')).filter((name) => !name.startsWith('.'))

const cyclesOf = (events: TraceEvent[]) => events.filter((e): e is GcCycle => e.kind === 'cycle')

for (const name of names) {
  test(`${name}: every line counted once, one cycle per "gc " line, cycle numbers without gaps`, async (t) => {
    const text = readFileSync(recording(name), 'utf8')
    const lines = linesOf(text)
    const {trace, events} = await parseText(text)
    const {total, ...kinds} = trace.lines
    t.is(total, lines.length)
    t.is(Object.values(kinds).reduce((a, b) => a + b, 0), total)
    // The runtime writes "gc " in one write(2), so each cycle's line starts with it, cut or not.
    t.is(trace.lines.cycles, lines.filter((l) => l.startsWith('gc ')).length)
    t.is(trace.lines.periodicNotices, lines.filter((l) => l === 'GC forced').length)
    t.is(trace.lines.unrecognized, 0, JSON.stringify(trace.unrecognized.slice(0, 3)))
    const cycles = cyclesOf(events)
    t.deepEqual(
      cycles.map((c) => c.seq),
      cycles.map((_, i) => i + 1),
    )
    t.is(trace.segments.length, 1)
    t.regex(trace.segments[0]?.goEra.label ?? '', /^Go 1\.19/)
    // A cycle right after "GC forced" (maybe with a scav line between) is the periodic one.
    let noticeSeen = false
    for (const event of events) {
      if (event.kind === 'periodic-notice') noticeSeen = true
      if (event.kind === 'cycle') {
        t.is(event.trigger === 'periodic', noticeSeen, `gc ${event.seq}`)
        noticeSeen = false
      }
    }
  })
}

test('go1.19-stderr-splices: every cut line is mended and every log line comes back exactly', async (t) => {
  const {trace, events} = await parseText(readFileSync(recording('go1.19-stderr-splices'), 'utf8'))
  t.true(trace.splices.mended > 100, `${trace.splices.mended} mended`)
  // Each worker logs "handled N requests" every 50 requests: the N of one worker must run
  // 50, 100, 150, … with none missing or misread — a digit given to the wrong side breaks it.
  const LOG = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d worker (\d+) handled (\d+) requests$/
  const byWorker = new Map<string, number[]>()
  for (const event of events) {
    if (event.kind !== 'app' || event.text === '') continue
    const match = LOG.exec(event.text)
    if (match === null) {
      if (!event.text.startsWith('workers=')) t.fail(`not a log line: ${JSON.stringify(event.text)} (line ${event.line})`)
      continue
    }
    const counts = byWorker.get(match[1] as string) ?? []
    counts.push(Number(match[2]))
    byWorker.set(match[1] as string, counts)
  }
  t.true(byWorker.size >= 2)
  for (const [worker, counts] of byWorker) {
    const sorted = [...counts].sort((a, b) => a - b)
    const step = (sorted[0] ?? 0) as number
    t.deepEqual(sorted, sorted.map((_, i) => step * (i + 1)), `worker ${worker}`)
  }
})

test('go1.19-forced-gc: "(forced)" lines are user cycles and forced scavenger reports', async (t) => {
  const text = readFileSync(recording('go1.19-forced-gc'), 'utf8')
  const lines = linesOf(text)
  const {trace, events} = await parseText(text)
  const userCycles = cyclesOf(events).filter((c) => c.trigger === 'user')
  t.true(userCycles.length > 0)
  t.is(userCycles.length, lines.filter((l) => l.startsWith('gc ') && l.endsWith(' (forced)')).length)
  const forcedScav = trace.segments[0]?.scavenger.toArray().filter((s) => s.forced).length
  t.is(forcedScav, lines.filter((l) => l.startsWith('scav ') && l.endsWith(' (forced)')).length)
})

test('go1.19-pacer-trace: every pacer line is read, in the Go 1.18+ form', async (t) => {
  const text = readFileSync(recording('go1.19-pacer-trace'), 'utf8')
  const {trace} = await parseText(text)
  const pacerLines = linesOf(text).filter((l) => l.startsWith('pacer: '))
  t.true(pacerLines.length > 0)
  t.is(trace.lines.pacer, pacerLines.length)
  t.true(trace.segments[0]?.pacer.toArray().every((p) => p.shape === 'cpu' || p.shape === 'assist-ratio' || p.shape === 'sweep-done'))
  t.regex(trace.segments[0]?.goEra.label ?? '', /^Go 1\.19/)
})

test('seed recordings: the ten 256 MiB allocations, then two periodic cycles', async (t) => {
  for (const kind of ['madvfree', 'madvdontneed']) {
    const {trace} = await parseText(readFileSync(recording(`go1.19-seed-${kind}-10x256mb`), 'utf8'))
    const segment = trace.segments[0]
    t.is(segment?.cycles.length, 12)
    const cycles = segment?.cycles.toArray() ?? []
    t.deepEqual(cycles.filter((c) => c.trigger === 'periodic').map((c) => c.seq), [11, 12])
    // The program holds at most two 256 MiB slices at once.
    t.is(Math.max(...cycles.map((c) => c.heapMB.atEnd)), 512)
    t.is(segment?.cycles.at(-1)?.heapMB.live, 0)
  }
})
