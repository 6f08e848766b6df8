import test from 'ava'
import {readFileSync} from 'node:fs'

import {deriveWallClock} from '../../src/analysis/wall-clock.js'
import {loadAnalysis} from '../../src/cli/load-analysis.js'
import {TraceParser} from '../../src/trace/parse-trace.js'
import type {Segment} from '../../src/trace/segments.js'
import {linesOf} from '../helpers/parse.js'
import {fixture, seedTrace} from '../helpers/paths.js'

const collector = (file: string) => fixture('collectors', 'go1.19-seed-madvfree-10x256mb', file)
/** The seed recording's process start: rss.csv's first row, epoch_ms − t_s × 1000. */
const START_MS = 1_795_629_739_402
const SEED = linesOf(readFileSync(seedTrace('madvfree'), 'utf8'))

/** The seed trace with each gc line stamped start + @Ns + delay(seq), other lines with the last gc line's time. */
function stampedSegment(delayMs: (seq: number) => number): Segment {
  const parser = new TraceParser()
  let wallMs = START_MS + 8
  for (const line of SEED) {
    const m = /^gc (\d+) @(\d+\.\d+)s /.exec(line)
    if (m !== null) wallMs = START_MS + Math.round(Number(m[2]) * 1000) + delayMs(Number(m[1]))
    parser.push(line, wallMs)
  }
  return parser.end().segments[0] as Segment
}

test('the process start is wallMs − @Ns of the cycles; exact when the times are', (t) => {
  t.deepEqual(deriveWallClock(stampedSegment(() => 0)), {firstMs: START_MS + 8, lastMs: START_MS + 251_661, processStartMs: START_MS, spreadMs: 0, cyclesUsed: 12})
})

test('one late line (a stalled collector) moves the median not at all, and shows in the spread', (t) => {
  const clock = deriveWallClock(stampedSegment((seq) => (seq === 7 ? 5000 : 3)))
  t.is(clock?.processStartMs, START_MS + 3)
  // p95 of 12 deviations is the largest: the stalled line's 4997 ms.
  t.is(clock?.spreadMs, 4997)
  t.is(clock?.cyclesUsed, 12)
})

test('no wall-clock times: null; times but no @Ns (Go 1.3/1.4 lines): the span without a start', (t) => {
  const parser = new TraceParser()
  for (const line of SEED) parser.push(line)
  t.is(deriveWallClock(parser.end().segments[0] as Segment), null)
  const old = new TraceParser()
  old.push('gc1(1): 5+0+186+0 us, 0 -> 0 MB, 18 (19-1) objects, 0/0/0 sweeps, 0(0) handoff, 0(0) steal, 0/0/0 yields', 1000)
  old.push('gc2(1): 5+0+186+0 us, 0 -> 0 MB, 18 (19-1) objects, 0/0/0 sweeps, 0(0) handoff, 0(0) steal, 0/0/0 yields', 2000)
  t.deepEqual(deriveWallClock(old.end().segments[0] as Segment), {firstMs: 1000, lastMs: 2000, processStartMs: null, spreadMs: null, cyclesUsed: 0})
})

test('from a collector log: the analysis carries the wall clock of its segment', async (t) => {
  const {analysis} = await loadAnalysis({path: collector('docker-json.log')})
  t.deepEqual(analysis.wallClocks, [{firstMs: START_MS + 8, lastMs: START_MS + 251_661, processStartMs: START_MS, spreadMs: 0, cyclesUsed: 12}])
  // journalctl -o short-iso prints whole seconds: the start is known to within one.
  const iso = (await loadAnalysis({path: collector('journald-short-iso.log')})).analysis.wallClocks?.[0]
  t.true(Math.abs((iso?.processStartMs ?? Number.NaN) - START_MS) < 1000, `start ${iso?.processStartMs}`)
  t.true((iso?.spreadMs ?? Number.NaN) < 1000)
})
