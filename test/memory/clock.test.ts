import test from 'ava'

import {isoToEpochMs, requireProcessStart} from '../../src/memory/clock.js'
import {SampleError} from '../../src/memory/sample-error.js'

// 2026-11-25T18:02:19.654Z: a sample time of the real recording go1.19-seed-madvfree-10x256mb.
const MS = 1795629739654

const iso = test.macro({
  exec(t, text: string, expected: number) {
    t.is(isoToEpochMs(text, true), expected)
  },
  title: (_, text, expected) => `ISO-8601 ${JSON.stringify(text)} → ${expected}`,
})

test(iso, '2026-11-25T18:02:19.654Z', MS)
test(iso, '2026-11-25T18:02:19.654z', MS)
test(iso, '2026-11-25 18:02:19.654Z', MS)
test(iso, '2026-11-25T19:02:19.654+01:00', MS)
test(iso, '2026-11-25T13:02:19.654-0500', MS)
test(iso, '2026-11-25T23:32:19.654+05:30', MS)
test(iso, '2026-11-25T20:02:19.654+02', MS)
test(iso, '2026-11-25 18:02:19.654 UTC', MS)
test(iso, '2026-11-25 18:02:19.654 +0000', MS)
test(iso, ' 2026-11-25T18:02:19,654Z ', MS)
test(iso, '2026-11-25T18:02:19.654321Z', MS + 0.321)
test(iso, '2026-11-25T18:02Z', MS - 19654)
test(iso, '2026-11-25T18:02:19.654', Number.NaN)
test(iso, '2026-11-25', Number.NaN)
test(iso, '2026-13-25T18:02:19Z', Number.NaN)
test(iso, '2026-11-25T18:02:19.Z', Number.NaN)
test(iso, '2026-11-25T18:02:19Zjunk', Number.NaN)
test(iso, '0099-11-25T18:02:19Z', Number.NaN)
test(iso, 'Nov 25 18:02:19', Number.NaN)

test('a time without a zone is recognised as ISO only when the zone is not required', (t) => {
  t.is(isoToEpochMs('2026-11-25T18:02:19.654', false), MS)
})

test('the process start: the flag first, then the trace; neither is a SampleError naming the flag', (t) => {
  t.is(requireProcessStart({processStartEpochMs: 1, traceStartEpochMs: 2}, 'x', MS).epochMs, 1)
  t.is(requireProcessStart({traceStartEpochMs: 2}, 'x', MS).epochMs, 2)
  t.is(requireProcessStart({processStartEpochMs: Number.NaN, traceStartEpochMs: 2}, 'x', MS).epochMs, 2)
  const error = t.throws(() => requireProcessStart({}, 'x', MS), {instanceOf: SampleError})
  t.regex(error?.message ?? '', /--process-start <ISO time>/)
})

test('--process-start is read with isoToEpochMs: a time without a zone is refused, not taken as local time', (t) => {
  t.is(isoToEpochMs('2026-11-25T18:02:19.402Z', true), MS - 252)
  t.true(Number.isNaN(isoToEpochMs('2026-11-25T18:02:19.402', true)))
})
