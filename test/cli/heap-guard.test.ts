import test from 'ava'
import {getHeapStatistics} from 'node:v8'

import {HeapGuard} from '../../src/cli/heap-guard.js'
import {InputError} from '../../src/errors.js'

test('a heap nearly full stops the read with one line that says how much, and how to give Node more', (t) => {
  const used = getHeapStatistics().used_heap_size
  // A limit just above what this process uses: more than 90 % of it is in use.
  const guard = new HeapGuard(Math.floor(used / 0.8))
  // Once over the line could be garbage about to go: it takes three checks in a row.
  t.notThrows(() => guard.check(4_199_000, 'trace-5m.log'))
  t.notThrows(() => guard.check(4_199_500, 'trace-5m.log'))
  const error = t.throws(() => guard.check(4_200_000, 'trace-5m.log'), {instanceOf: InputError})
  t.regex(error?.message ?? '', /^trace-5m\.log: too large for this process's memory: 4,200,000 cycles read, [\d,]+ of [\d,]+ MiB of JavaScript heap in use/)
  t.regex(error?.message ?? '', /NODE_OPTIONS=--max-old-space-size=\d+ \(MiB\)/)
  t.false((error?.message ?? '').includes('\n'))
})

test('with room to spare nothing happens', (t) => {
  t.notThrows(() => new HeapGuard(getHeapStatistics().used_heap_size * 4).check(10, 'trace.log'))
  t.notThrows(() => new HeapGuard().check(10, 'trace.log'))
})
