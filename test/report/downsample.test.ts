import test from 'ava'
import fc from 'fast-check'

import {DEFAULT_MAX_POINTS, pickPeakIndices, thinEvents} from '../../src/report/downsample.js'

const range = (n: number) => Array.from({length: n}, (_, i) => i)

test('a series no longer than the budget is kept whole', (t) => {
  const x = range(100)
  t.deepEqual(pickPeakIndices(x, [x.map((i) => i * 2)], 200), x)
})

test('a million points come down to the budget, and the single spike and dip survive', (t) => {
  const n = 1_000_000
  const x = Float64Array.from(range(n), (i) => i * 0.25)
  const y = Float64Array.from(range(n), (i) => 100 + Math.sin(i / 5000) * 10)
  y[123_457] = 5000 // a one-sample spike
  y[876_543] = -42 // a one-sample dip
  const kept = pickPeakIndices(x, [y], DEFAULT_MAX_POINTS)
  t.true(kept.length <= DEFAULT_MAX_POINTS + 2, `${kept.length} points`)
  t.true(kept.length >= DEFAULT_MAX_POINTS / 2, 'uses its budget')
  t.true(kept.includes(123_457), 'the maximum survives')
  t.true(kept.includes(876_543), 'the minimum survives')
  t.is(kept[0], 0)
  t.is(kept.at(-1), n - 1)
})

test('property: for any series, the max and min of every series survive and the count is bounded', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.double({min: -1e6, max: 1e6, noNaN: true}), {minLength: 1, maxLength: 3000}),
      fc.array(fc.option(fc.integer({min: -1000, max: 1000}), {nil: null}), {minLength: 1, maxLength: 3000}),
      fc.integer({min: 4, max: 400}),
      fc.array(fc.double({min: 0, max: 10, noNaN: true}), {minLength: 1, maxLength: 3000}),
      (a, bRaw, maxPoints, steps) => {
        const n = Math.min(a.length, bRaw.length, steps.length)
        const x: number[] = []
        let at = 0
        for (let i = 0; i < n; i++) x.push((at += steps[i] as number))
        const ya = a.slice(0, n)
        const yb = bRaw.slice(0, n)
        const kept = pickPeakIndices(x, [ya, yb], maxPoints)
        if (kept.length > maxPoints + 2) return false
        if (kept.some((k, i) => i > 0 && k <= (kept[i - 1] as number))) return false
        const values = kept.map((k) => ya[k] as number)
        if (Math.max(...values) !== Math.max(...ya) || Math.min(...values) !== Math.min(...ya)) return false
        const present = yb.filter((v): v is number => v !== null)
        const keptB = kept.map((k) => yb[k]).filter((v): v is number => v !== null && v !== undefined)
        return present.length === 0 || (Math.max(...keptB) === Math.max(...present) && Math.min(...keptB) === Math.min(...present))
      },
    ),
    {numRuns: 300},
  )
  t.pass()
})

test('x that does not move (every sample at one time) still comes down to the budget', (t) => {
  const x = new Float64Array(10_000)
  const y = Float64Array.from(range(10_000), (i) => (i === 5000 ? 99 : i % 7))
  const kept = pickPeakIndices(x, [y], 100)
  t.true(kept.length <= 102)
  t.true(kept.includes(5000))
})

test('thinEvents keeps at most one marker per bucket and counts what each stands for', (t) => {
  const events = range(10_000).map((i) => ({t: i, seq: i}))
  const thinned = thinEvents(events, 50)
  t.true(thinned.length <= 50)
  t.is(
    thinned.reduce((sum, e) => sum + e.count, 0),
    10_000,
  )
  t.deepEqual(thinEvents(events.slice(0, 3), 50), events.slice(0, 3).map((e) => ({...e, count: 1})))
})
