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
