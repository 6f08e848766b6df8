import test from 'ava'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import type {GcCycle} from '../../src/trace/types.js'
import {recording} from '../helpers/paths.js'
import {linesOf, parseText} from '../helpers/parse.js'

// Real lines. Go 1.19.8 cycles and a scavenger report: ../shared/traces/seed-madvfree/trace.log
// lines 4–6. The app line: the real recording quoted in issue 2 (a `log` line from a worker).
const GC3 = 'gc 3 @2.778s 0%: 0.022+0.14+0.003 ms clock, 0.045+0.10/0.058/0.009+0.007 ms cpu, 512->512->256 MB, 512 MB goal, 0 MB stacks, 0 MB globals, 2 P'
const SCAV = 'scav 0 KiB work, 3520 KiB total, 50% util'
const GC4 = 'gc 4 @3.791s 0%: 0.025+0.45+0.003 ms clock, 0.050+0/0.097/0.15+0.007 ms cpu, 512->512->256 MB, 512 MB goal, 0 MB stacks, 0 MB globals, 2 P'
const APP = '2026/11/25 18:09:14 worker 1 handled 200000 requests'
const APP_BEFORE = '2026/11/25 18:09:13 worker 0 handled 200000 requests'

const cycles = (events: {kind: string}[]) => events.filter((e): e is GcCycle => e.kind === 'cycle')

test('a collector prefix is kept on the event and the runtime text still parses', async (t) => {
  // golang/go#44554: the line as the reporter's log collector kept it.
  const {events} = await parseText('Feb 26 13:56:33.456 gc 46 @1573.417s 0%: 0.18+24+0.029 ms clock, 1.4+0.27/49/121+0.23 ms cpu, 259->262->125 MB, 265 MB goal, 8 P\n')
  const [cycle] = cycles(events)
  t.is(cycle?.prefix, 'Feb 26 13:56:33.456 ')
  t.is(cycle?.seq, 46)
  t.is(cycle?.line, 1)
})

test('"GC forced" makes the next cycle periodic; "(forced)" makes it user-triggered', async (t) => {
  const forced = 'gc 59 @5.182s 0%: 0.092+0+0+0+6.8 ms clock, 0.37+0+0+4.1/0.025/5.8+27 ms cpu, 79->79->79 MB, 79 MB goal, 32 P (forced)' // golang/go#15068
  const {events, trace} = await parseText(['GC forced', GC3, GC4, forced].join('\n'))
  t.deepEqual(cycles(events).map((c) => c.trigger), ['periodic', 'heap', 'user'])
  t.is(trace.lines.periodicNotices, 1)
})

test('the issue 2 splice: app text inside the goal, the rest on the next line', async (t) => {
  const cut = GC4.indexOf(' MB goal')
  const {events, trace} = await parseText([GC3, APP_BEFORE, GC4.slice(0, cut) + APP, GC4.slice(cut)].join('\n'))
  const [, mended] = cycles(events)
  t.is(mended?.goalMB, 512)
  t.true(mended?.spliced)
  t.is(mended?.line, 3)
  t.deepEqual(
    events.filter((e) => e.kind === 'app').map((e) => (e.kind === 'app' ? e.text : '')),
    [APP_BEFORE, APP],
  )
  t.deepEqual(trace.lines, {total: 4, cycles: 2, scavenger: 0, periodicNotices: 0, pacer: 0, app: 1, spliced: 1, unrecognized: 0})
})

test('the issue 2 splice: app text right after "gc ", other output between head and tail', async (t) => {
  const {events, trace} = await parseText([GC3, 'gc ' + APP, APP_BEFORE, GC4.slice(3)].join('\n'))
  t.deepEqual(cycles(events).map((c) => c.seq), [3, 4])
  t.is(trace.splices.mended, 1)
  t.true(trace.splices.ambiguous >= 1, 'digits after "gc " make several cycle numbers possible')
  t.is(trace.lines.app, 1)
  t.is(trace.lines.spliced, 1)
})

test('a cut line whose tail never comes is unrecognized, with its line number', async (t) => {
  const {trace} = await parseText([GC3, GC4.slice(0, 60)].join('\n'))
  t.is(trace.lines.unrecognized, 1)
  t.is(trace.unrecognized[0]?.line, 2)
  t.regex(trace.unrecognized[0]?.reason ?? '', /^cut line/)
})

test('a 10 MB line that starts like a gc line is one unrecognized line, read in bounded time', async (t) => {
  const {trace} = await parseText([GC3, 'gc ' + '7'.repeat(10 * 1024 * 1024), GC4].join('\n'))
  t.deepEqual(trace.lines, {total: 3, cycles: 2, scavenger: 0, periodicNotices: 0, pacer: 0, app: 0, spliced: 0, unrecognized: 1})
  t.is(trace.unrecognized[0]?.text.length, 300, 'only the start of a huge line is kept')
})

test('a tail whose head is lost is unrecognized, not app output', async (t) => {
  const {trace} = await parseText([GC3, ' MB goal, 0 MB stacks, 0 MB globals, 2 P'].join('\n'))
  t.is(trace.lines.unrecognized, 1)
  t.is(trace.lines.app, 0)
})

// Properties assert with node:assert, which throws, so that fast-check sees a failure and shrinks it.
/**
 * Where the runtime's writes end in a gc line: it prints each argument — a number, or a
 * separator such as ` ms clock, ` — with one write(2), so other output lands only between two.
 */
function writeEnds(line: string): number[] {
  const ends: number[] = []
  for (const match of line.matchAll(/\d+(?:\.\d+)?|[^\d]+/g)) ends.push((match.index ?? 0) + match[0].length)
  return ends
}

test('property: a real gc line cut between any two of its writes, with a real app line inserted, comes back whole', async (t) => {
  const {events: plain} = await parseText([GC3, SCAV, APP_BEFORE, GC4].join('\n'))
  const expected = {...cycles(plain)[1], line: 0}
  const cuts = writeEnds(GC4).filter((end) => end < GC4.length)
  t.is(cuts.length, 36, 'gc 4 … 2 P is 37 print arguments')
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...cuts), fc.constantFrom(APP, APP_BEFORE, 'worker 7 done', '<img src=x onerror=alert(1)>'), async (cut, app) => {
      const {events, trace} = await parseText([GC3, SCAV, APP_BEFORE, GC4.slice(0, cut) + app, GC4.slice(cut)].join('\n'))
      assert.deepEqual({...cycles(events)[1], spliced: false, line: 0}, expected)
      assert.ok(events.some((e) => e.kind === 'app' && e.text === app && e.fromSplice), 'the app text comes back whole')
      const {total, ...kinds} = trace.lines
      assert.equal(Object.values(kinds).reduce((a, b) => a + b, 0), total)
    }),
    {numRuns: 300},
  )
  t.pass()
})

test('property: no input makes the reader throw, and every line is counted once', async (t) => {
  const runtimeish = fc.constantFrom('gc ', 'gc 1 @', 'scav ', 'scvg', 'pacer: ', 'GC forced', ' MB goal', '2 P', ' (forced)', GC3, GC4, SCAV, '\n', '\r\n')
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(runtimeish, fc.string({unit: 'binary', maxLength: 40})), {maxLength: 30}), async (pieces) => {
      const text = pieces.join('')
      const {trace} = await parseText(text)
      const {total, ...kinds} = trace.lines
      assert.equal(Object.values(kinds).reduce((a, b) => a + b, 0), total)
      assert.equal(total, text === '' ? 0 : text.replace(/\n$/, '').split('\n').length)
    }),
    {numRuns: 500},
  )
  t.pass()
})

test('a stamp on every line (as `ts` or a syslog relay adds one): cut lines are mended as without it, the tails’ stamps dropped', async (t) => {
  // fixtures/recordings/go1.19-stderr-splices: real interleaved output, ~1 in 10 gc lines cut.
  const text = readFileSync(recording('go1.19-stderr-splices'), 'utf8')
  const stamp = (i: number) => `Nov 25 18:${String(10 + Math.floor(i / 3600) % 50).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')} `
  const stamped = linesOf(text).map((line, i) => stamp(i) + line).join('\n')
  const plain = await parseText(text)
  const withStamps = await parseText(stamped)
  t.true(plain.trace.splices.mended > 100, `${plain.trace.splices.mended} mended`)
  t.deepEqual(withStamps.trace.lines, plain.trace.lines)
  t.is(withStamps.trace.splices.mended, plain.trace.splices.mended)
  const strip = (c: GcCycle) => ({...c, prefix: ''})
  t.deepEqual(cycles(withStamps.events).map(strip), cycles(plain.events))
  // Each cycle keeps the stamp of its own head line.
  const lines = stamped.split('\n')
  for (const c of cycles(withStamps.events)) if (!(lines[c.line - 1] as string).startsWith(c.prefix)) t.fail(`gc ${c.seq}: ${c.prefix}`)
})
