// Segments of a trace: one per run of a process; the live status reads them while events still come.
import test from 'ava'
import {readFileSync} from 'node:fs'

import {type Segment, SegmentCollector} from '../../src/trace/segments.js'
import type {TraceEvent} from '../../src/trace/types.js'
import {recording} from '../helpers/paths.js'
import {parseText} from '../helpers/parse.js'

/** A segment as plain data: its tables as arrays. */
const plain = (segments: Segment[]) => segments.map((s) => ({...s, cycles: s.cycles.toArray(), scavenger: s.scavenger.toArray()}))

test('snapshot() part-way equals finish() of the events so far, across a restart', async (t) => {
  // Two runs of a real program: fixtures/recordings/go1.19-leak twice, so that cycle numbers restart.
  const text = readFileSync(recording('go1.19-leak'), 'utf8')
  const {events} = await parseText(text + text)
  const runtime = events.filter((e): e is TraceEvent => e.kind !== 'app' && e.kind !== 'unrecognized')
  const live = new SegmentCollector()
  let fed = 0
  for (const cut of [1, Math.floor(runtime.length / 3), Math.floor(runtime.length / 2) + 7, runtime.length]) {
    for (; fed < cut; fed++) live.add(runtime[fed] as TraceEvent)
    const batch = new SegmentCollector()
    for (const event of runtime.slice(0, cut)) batch.add(event)
    t.deepEqual(plain(live.snapshot()), plain(batch.finish()), `after ${cut} events`)
  }
  const all = live.finish()
  t.is(all.length, 2)
  t.is(all[1]?.startReason, 'cycle-number-restart')
  t.is(all[0]?.cycles.length, all[1]?.cycles.length)
})

test('runs and gaps: a restart, time going back, lost cycles, no time (before Go 1.5) and cycle numbers past an Int32, by event and by numbers alike', async (t) => {
  const {events} = await parseText(readFileSync(recording('go1.19-leak'), 'utf8'))
  const base = events.find((e) => e.kind === 'cycle')
  if (base?.kind !== 'cycle') return t.fail('no cycle in the recording')
  // [seq, at]: 3 → 6 loses 2; 6 → 2 restarts; 9 s → 8 s goes back; NaN never goes back; 2^31 is
  // -2^31 in the seq column, which the next cycle is compared with (no restart: a gap).
  const cycles: [number, number][] = [[1, 1], [3, 2], [6, 3], [2, 4], [3, 9], [4, 8], [5, Number.NaN], [6, 1], [2 ** 31, 2], [7, 3]]
  const byEvent = new SegmentCollector()
  const byNumbers = new SegmentCollector()
  cycles.forEach(([seq, at], i) => {
    byEvent.add({...base, seq, at: Number.isNaN(at) ? null : at, line: i + 1, prefix: '', wallMs: null})
    const numbers = new Float64Array(18)
    numbers[0] = seq
    numbers[1] = at
    byNumbers.addLine119(numbers, 0, i + 1, 'heap', false, false)
  })
  for (const segments of [byEvent.finish(), byNumbers.finish()]) {
    t.deepEqual(
      segments.map((s) => [s.startReason, s.firstLine, s.cycles.length, s.gaps, s.lostCycles]),
      [
        ['input-start', 1, 3, [{afterSeq: 1, beforeSeq: 3, missing: 1, line: 2}, {afterSeq: 3, beforeSeq: 6, missing: 2, line: 3}], 3],
        ['cycle-number-restart', 4, 2, [], 0],
        [
          'time-went-back',
          6,
          5,
          [
            {afterSeq: 6, beforeSeq: 2 ** 31, missing: 2 ** 31 - 7, line: 9},
            {afterSeq: -(2 ** 31), beforeSeq: 7, missing: 2 ** 31 + 6, line: 10},
          ],
          2 ** 32 - 1,
        ],
      ],
    )
  }
})
