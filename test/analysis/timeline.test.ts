// The timeline keeps the heap state at each sample as columns and each cycle's nearest sample
// as columns: what it gives back must be what the heap-state reader worked out, and the nearest
// sample must be the nearest, on every real recording with memory samples.
import test from 'ava'
import {readdirSync, readFileSync} from 'node:fs'

import {type AttributionPartId, PART_LABELS, partMiB} from '../../src/analysis/attribution.js'
import {HeapStateReader} from '../../src/analysis/heap-state.js'
import {buildTimeline} from '../../src/analysis/timeline.js'
import {findRecording} from '../../src/cli/recording.js'
import {readSamples} from '../../src/memory/read-samples.js'
import {SampleColumns} from '../../src/memory/sample-columns.js'
import {cycleTableOf} from '../../src/trace/cycle-table.js'
import {scavengerTableOf} from '../../src/trace/scavenger-table.js'
import type {Segment} from '../../src/trace/segments.js'
import type {GcCycle} from '../../src/trace/types.js'
import {analyzeRecording} from '../helpers/analyze.js'
import {parseText} from '../helpers/parse.js'
import {fixture, recording} from '../helpers/paths.js'

const withSamples = readdirSync(fixture('recordings')).filter((name) => findRecording(fixture('recordings', name))?.rssPath != null)

test('there are recordings with samples to check', (t) => {
  t.true(withSamples.length >= 10, withSamples.join(', '))
})

for (const name of withSamples) {
  test(`${name}: each row's heap is the reader's state at that sample, and each cycle's sample the nearest`, async (t) => {
    const analysis = await analyzeRecording(name, {withoutSamples: true})
    const segment = analysis.trace.segments[analysis.diagnosis?.segmentIndex ?? -1]
    const rssPath = findRecording(fixture('recordings', name))?.rssPath as string
    const series = await readSamples(rssPath)
    const samples = [...series.samples]
    if (segment === undefined) return t.pass('no cycles')
    const timeline = buildTimeline(segment, series.samples)
    const reader = new HeapStateReader(segment)
    t.is(timeline.rows.length, samples.length)
    samples.forEach((sample, i) => t.deepEqual(timeline.rows.row(i).heap, reader.at(sample.at), `row ${i}`))

    const timed = [...segment.cycles].filter((c) => c.at !== null)
    t.is(timeline.cycleSamples.length, timed.length)
    timed.forEach((cycle, n) => {
      const at = cycle.at as number
      const nearest = Math.min(...samples.map((s) => Math.abs(s.at - at)))
      t.is(timeline.cycleSamples.seq(n), cycle.seq)
      t.is(timeline.cycleSamples.at(n), at)
      t.is(timeline.cycleSamples.distanceS(n), nearest)
      t.is(Math.abs((samples[timeline.cycleSamples.row(n)]?.at as number) - at), nearest)
    })
  })
}

test('figures a cycle did not print read back null, and a fractional estimate of the heap in use exactly', (t) => {
  // The first cycle of a real recording, and the same cycle 10 s later with a larger heap: a
  // sample 3.3 s after the first has an estimated heap in use between the two (a fraction).
  const line = readFileSync(recording('go1.19-leak', 'trace.log'), 'utf8').split('\n')[0] as string
  return parseText(line).then(({events}) => {
    const first = {...(events[0] as GcCycle), stacksMB: null, globalsMB: null}
    const cycles = cycleTableOf([first, {...first, seq: 2, at: (first.at as number) + 10, heapMB: {atStart: 10, atEnd: 10, live: 5}}])
    const segment = {cycles, scavenger: scavengerTableOf([])} as unknown as Segment
    const samples = [{at: 0, rssKiB: 8_192}, {at: (first.at as number) + 3.3, rssKiB: 10_240}]
    const timeline = buildTimeline(segment, SampleColumns.from(samples))
    const reader = new HeapStateReader(segment)
    const expected = samples.map((s) => reader.at(s.at))
    t.deepEqual([...timeline.rows].map((row) => row.heap), expected)
    const between = timeline.rows.row(1).heap
    t.is(between?.seq, 1)
    t.is(between?.stacksMB, null)
    t.is(between?.releasedMiB, null)
    t.false(Number.isInteger(between?.inUseMB), `in use ${between?.inUseMB}`)
    t.is(timeline.rows.row(0).heap.seq, null)
  })
})

for (const name of withSamples) {
  test(`${name}: rows read in any order are the rows read in time order`, async (t) => {
    const analysis = await analyzeRecording(name)
    const rows = analysis.diagnosis?.timeline?.rows
    if (rows === undefined) return t.pass('no cycles')
    const inOrder = [...rows].map((row) => ({at: row.at, sample: row.sample, heap: row.heap, attribution: row.attribution}))
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows.row(i)
      t.deepEqual({at: row.at, sample: row.sample, heap: row.heap, attribution: row.attribution}, inOrder[i], `row ${i}`)
    }
    const series = await readSamples(findRecording(fixture('recordings', name))?.rssPath as string)
    t.deepEqual(inOrder.map((row) => row.sample), [...series.samples])
  })
}

const PART_IDS = Object.keys(PART_LABELS) as AttributionPartId[]

for (const name of withSamples) {
  test(`${name}: each row's part read by index is the part of the row's attribution`, async (t) => {
    const analysis = await analyzeRecording(name)
    const rows = analysis.diagnosis?.timeline?.rows
    if (rows === undefined) return t.pass('no cycles')
    let nonZero = 0
    for (let i = 0; i < rows.length; i++) {
      const attribution = rows.row(i).attribution
      for (const id of PART_IDS) {
        const mib = rows.partMiB(i, id)
        if (!Object.is(mib, partMiB(attribution, id))) return t.fail(`row ${i} ${id}: ${mib} by index, ${partMiB(attribution, id)} in the attribution`)
        if (mib !== 0) nonZero++
      }
    }
    t.true(nonZero >= rows.length, `${nonZero} parts not 0 in ${rows.length} rows`)
  })
}
