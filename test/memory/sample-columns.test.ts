import test from 'ava'
import assert from 'node:assert/strict'
import fc from 'fast-check'

import {readSamples} from '../../src/memory/read-samples.js'
import {type OptionalKiB, SampleColumns} from '../../src/memory/sample-columns.js'
import type {RssSample} from '../../src/memory/types.js'
import {recording} from '../helpers/paths.js'

const OPTIONAL: OptionalKiB[] = ['anonKiB', 'fileKiB', 'lazyFreeKiB', 'anonHugeKiB', 'cgroupKiB']

// Sizes as files give them (whole KiB) and as they may not be (bytes / 1024, negatives, past 32 bits).
const size = fc.oneof(fc.nat({max: 0xffff_ffff + 10}), fc.double({noNaN: true}), fc.constantFrom(0, -0, 0xffff_fffe, 0xffff_ffff))
const sample: fc.Arbitrary<RssSample> = fc.record(
  {at: fc.double({noNaN: true}), rssKiB: size, anonKiB: size, fileKiB: size, lazyFreeKiB: size, anonHugeKiB: size, cgroupKiB: size, epochMs: fc.double({noNaN: true})},
  {requiredKeys: ['at', 'rssKiB'], noNullPrototype: true},
)

// Properties assert with node:assert, which throws, so that fast-check sees a failure and shrinks it.
test('property: the columns give back exactly the samples pushed, absent sizes absent', (t) => {
  fc.assert(
    fc.property(fc.array(sample, {maxLength: 200}), (samples) => {
      const columns = SampleColumns.from(samples)
      assert.equal(columns.length, samples.length)
      samples.forEach((s, i) => {
        assert.deepEqual(columns.at(i), s)
        assert.ok(Object.is(columns.seconds(i), s.at) && Object.is(columns.rssKiB(i), s.rssKiB))
        for (const field of OPTIONAL) assert.ok(Object.is(columns.sizeKiB(field, i), s[field]), field)
      })
      for (const field of OPTIONAL) assert.equal(columns.has(field), samples.some((s) => s[field] !== undefined), field)
    }),
    {numRuns: 300},
  )
  t.pass()
})

test('property: sorted by time as a stable sort of the samples would be', (t) => {
  fc.assert(
    fc.property(fc.array(fc.record({at: fc.integer({min: 0, max: 20}), rssKiB: fc.nat()}, {noNullPrototype: true}), {maxLength: 100}), (samples) => {
      const expected = [...samples].sort((a, b) => a.at - b.at)
      assert.deepEqual([...SampleColumns.from(samples).sortedByTime()], expected)
    }),
  )
  t.pass()
})

test('a real recording pushed over several chunks of rows reads back sample for sample', async (t) => {
  // 1,240 samples of go1.19-seed-madvfree, repeated later in time past two chunk boundaries (16,384 rows each).
  const {samples} = await readSamples(recording('go1.19-seed-madvfree-10x256mb', 'rss.csv'))
  const real = [...samples]
  const span = (real.at(-1)?.at ?? 0) + 1
  const many = Array.from({length: 40_000}, (_, i): RssSample => {
    const s = real[i % real.length] as RssSample
    return {...s, at: s.at + span * Math.floor(i / real.length)}
  })
  const columns = SampleColumns.from(many)
  t.is(columns.length, many.length)
  t.deepEqual([...columns], many)
  t.true(columns.has('lazyFreeKiB'))
  t.false(columns.has('cgroupKiB'))
})
