// attributeSample splits one RSS sample into parts taken in a fixed order, each capped by what RSS
// has left; samplePartMiB reads one part without building the attribution. Both are checked
// against the rules in docs/diagnosis.md ("Attribution") on drawn samples and heap states.
import test from 'ava'
import fc from 'fast-check'

import {attributeSample, type AttributionPartId, PART_LABELS, partMiB, samplePartMiB} from '../../src/analysis/attribution.js'
import type {HeapState} from '../../src/analysis/heap-state.js'

const PART_IDS = Object.keys(PART_LABELS) as AttributionPartId[]
const ORDER: AttributionPartId[] = ['file-backed', 'released-resident', 'live-heap', 'stacks', 'globals', 'heap-growth', 'idle-heap', 'released-resident', 'outside-go']

const mib = fc.oneof(fc.constant(0), fc.double({min: -64, max: 4096, noNaN: true}))
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, {nil: null})
const heapState: fc.Arbitrary<HeapState> = fc.record({
  seq: maybe(fc.nat()),
  liveMB: mib,
  goalMB: maybe(mib),
  stacksMB: maybe(mib),
  globalsMB: maybe(mib),
  inUseMB: mib,
  peakHeapMB: mib,
  releasedMiB: maybe(mib),
})
const kib = fc.option(fc.nat({max: 4 << 20}), {nil: undefined})
const sample = fc.record({at: fc.double({min: 0, max: 1e6, noNaN: true}), rssKiB: fc.nat({max: 8 << 20}), fileKiB: kib, lazyFreeKiB: kib}, {requiredKeys: ['at', 'rssKiB']})

test('property: the parts come in their order, are positive where the input was, add up to RSS, and each part read alone is the same number', (t) => {
  fc.assert(
    fc.property(sample, heapState, (s, heap) => {
      const attribution = attributeSample(s, heap)
      t.is(attribution.rssMiB, s.rssKiB / 1024)
      const ids = attribution.parts.map((p) => p.id)
      let from = 0
      for (const id of ids) {
        const at = ORDER.indexOf(id, from)
        t.true(at >= 0, `${ids.join(',')} out of order`)
        from = at + 1
      }
      // released-resident is measured (LazyFree) or estimated (no LazyFree), never both.
      t.true(ids.filter((id) => id === 'released-resident').length <= 1)
      const released = attribution.parts.find((p) => p.id === 'released-resident')
      if (released !== undefined) t.is(released.basis, s.lazyFreeKiB === undefined ? 'estimated' : 'measured')
      const sum = attribution.parts.reduce((a, p) => a + p.mib, 0)
      t.true(Math.abs(sum - attribution.rssMiB) <= 1e-9 * Math.max(1, attribution.rssMiB), `parts ${sum}, RSS ${attribution.rssMiB}`)
      for (const part of attribution.parts) t.true(part.mib >= 0 && part.mib <= attribution.rssMiB)
      if (s.fileKiB !== undefined && s.fileKiB > 0) t.is(partMiB(attribution, 'file-backed'), Math.min(s.fileKiB, s.rssKiB) / 1024)
      for (const id of PART_IDS) t.true(Object.is(samplePartMiB(s.rssKiB, s.fileKiB, s.lazyFreeKiB, heap, id), partMiB(attribution, id)), id)
    }),
  )
})

test('a part RSS has nothing left for is still listed, at 0, when the runtime printed it', (t) => {
  const heap: HeapState = {seq: 1, liveMB: 100, goalMB: 200, stacksMB: 1, globalsMB: null, inUseMB: 100, peakHeapMB: 100, releasedMiB: null}
  const attribution = attributeSample({at: 1, rssKiB: 50 * 1024, fileKiB: 10 * 1024}, heap)
  t.deepEqual(
    attribution.parts.map((p) => [p.id, p.mib, p.basis]),
    [
      ['file-backed', 10, 'measured'],
      ['live-heap', 40, 'runtime'],
      ['stacks', 0, 'runtime'],
    ],
  )
  t.is(samplePartMiB(50 * 1024, 10 * 1024, undefined, heap, 'stacks'), 0)
  t.is(samplePartMiB(50 * 1024, 10 * 1024, undefined, heap, 'outside-go'), 0)
})
