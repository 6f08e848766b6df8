import test from 'ava'
import fc from 'fast-check'

import {distributionOfSorted, percentile, topIndicesBy} from '../../src/analysis/percentiles.js'

test('property: topIndicesBy gives the rows a stable sort by key (largest first) puts first', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({min: -5, max: 5})), fc.integer({min: 0, max: 12}), (keys, count) => {
      const sorted = keys.map((_, i) => i).sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b)
      t.deepEqual(topIndicesBy(keys.length, count, (i) => keys[i] as number), sorted.slice(0, count))
    }),
  )
})

test('nearest-rank percentiles: p50 of 1..10 is 5, p90 is 9, p99 and max are 10', (t) => {
  const values = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5]
  t.deepEqual(distributionOfSorted(Float64Array.from(values).sort()), {p50: 5, p90: 9, p99: 10, max: 10})
  t.is(percentile(Float64Array.from([4]), 50), 4)
  t.true(Number.isNaN(percentile([], 50)))
  t.is(distributionOfSorted(new Float64Array(0)), null)
})
