import test from 'ava'
import {EventEmitter} from 'node:events'

import {LiveStatus, statusText} from '../../src/cli/live-status.js'
import type {GcCycle} from '../../src/trace/types.js'
import {parseText} from '../helpers/parse.js'

// A real line: fixtures/recordings/go1.19-leak/trace.log. Its pause is 0.029 + 0.004 ms.
const {events} = await parseText('gc 31 @1.495s 0%: 0.029+0.48+0.004 ms clock, 0.058+0.31/0.13/0+0.008 ms cpu, 8->8->4 MB, 8 MB goal, 0 MB stacks, 0 MB globals, 2 P\n')
const cycle = events[0] as GcCycle

test('the status line: cycles, live heap, goal, last pause, RSS, newest finding; cut to the width', (t) => {
  t.is(statusText({lines: 12, cycles: 0, lastCycle: undefined, rssKiB: null, finding: undefined}, 200), 'gctrace · waiting for gc lines · 12 lines read')
  const full = statusText({lines: 1, cycles: 1234, lastCycle: cycle, rssKiB: 543_744, finding: {id: 'madv-free', severity: 'warn', title: 'Memory already returned'}}, 200)
  t.is(full, 'gctrace · 1,234 cycles · live 4 MB · goal 8 MB · last pause 0.033 ms · RSS 531.0 MiB · warn madv-free: Memory already returned')
  const cut = statusText({lines: 1, cycles: 1234, lastCycle: cycle, rssKiB: 543_744, finding: undefined}, 40)
  t.is(cut.length, 40)
  t.true(cut.endsWith('…'))
})

function fakeStream(isTTY: boolean) {
  const writes: string[] = []
  const stream = Object.assign(new EventEmitter(), {isTTY, columns: 100, write: (s: string) => writes.push(s) > 0})
  return {stream: stream as unknown as NodeJS.WriteStream, writes}
}

test('nothing at all is written when the stream is not a TTY', async (t) => {
  const {stream, writes} = fakeStream(false)
  const status = new LiveStatus(stream)
  t.false(status.active)
  status.onEvent(cycle)
  for (let i = 0; i < 100; i++) status.progress(i)
  status.clear()
  status.done()
  await new Promise((r) => setTimeout(r, 300))
  t.deepEqual(writes, [])
})

test('on a TTY: redrawn at most every 250 ms, erased with \\r and ESC[2K', async (t) => {
  let now = 0
  const {stream, writes} = fakeStream(true)
  const status = new LiveStatus(stream, {now: () => now})
  status.onEvent(cycle)
  for (let i = 0; i < 50; i++) {
    now += 10 // 50 updates over 500 ms of fake time
    status.progress(i)
  }
  // The first draw is at once; the next one, due by timer, uses a real timer: wait for it.
  for (let waited = 0; writes.length < 2 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50))
  // 50 changes over 500 ms (fake time): the first drawn at once, the rest gathered into one timed redraw.
  t.is(writes.length, 2, `${writes.length} draws`)
  for (const w of writes) t.true(w.startsWith('\r\u001B[2Kgctrace · '))
  status.done()
  t.is(writes.at(-1), '\r\u001B[2K')
})
