// The column tables give back exactly the cycles and scavenger reports the reader produced:
// checked on every real recording and on the catalogue of lines from every Go era (whose events
// have every kind of null), across chunk boundaries, and for values the runtime never prints.
import test from 'ava'
import fc from 'fast-check'
import {readFileSync, readdirSync} from 'node:fs'

import {LazyFloatColumn, LazyTextColumn, WholeNumbers} from '../../src/trace/columns.js'
import {CycleTable, cycleTableOf} from '../../src/trace/cycle-table.js'
import {cycleOfLine119, stwMsOfLine119} from '../../src/trace/gc-line.js'
import {pacerTableOf} from '../../src/trace/pacer-table.js'
import {scavReportOf} from '../../src/trace/scavenger-line.js'
import {ScavengerTable, scavengerTableOf} from '../../src/trace/scavenger-table.js'
import type {GcCycle, PacerLine, ScavengerReport, TraceEvent} from '../../src/trace/types.js'
import {fixture, recording} from '../helpers/paths.js'
import {parseText} from '../helpers/parse.js'

const cyclesOf = (events: TraceEvent[]) => events.filter((e): e is GcCycle => e.kind === 'cycle')
const reportsOf = (events: TraceEvent[]) => events.filter((e): e is ScavengerReport => e.kind === 'scavenger')
const pacerOf = (events: TraceEvent[]) => events.filter((e): e is PacerLine => e.kind === 'pacer')

const catalog = JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {line: string}[]
const inputs: [string, string][] = [
  ...readdirSync(fixture('recordings'))
    .filter((name) => !name.startsWith('.'))
    .map((name): [string, string] => [name, readFileSync(recording(name), 'utf8')]),
  // Every era's lines, one segment each time the cycle number restarts; with a prefix on every other line.
  ['catalog', catalog.map((entry, i) => (i % 2 === 0 ? entry.line : `2024/01/02 03:04:05 ${entry.line}`)).join('\n')],
]

for (const [name, text] of inputs) {
  test(`${name}: the segments' tables give back every cycle, scavenger report and pacer line as the reader made it, field for field and in key order`, async (t) => {
    const {trace, events} = await parseText(text)
    const cycles = trace.segments.flatMap((segment) => segment.cycles.toArray())
    const reports = trace.segments.flatMap((segment) => segment.scavenger.toArray())
    const pacer = trace.segments.flatMap((segment) => segment.pacer.toArray())
    t.deepEqual(cycles, cyclesOf(events))
    t.deepEqual(reports, reportsOf(events))
    t.deepEqual(pacer, pacerOf(events))
    // Key order is what `analyze --json` writes.
    t.is(JSON.stringify(cycles), JSON.stringify(cyclesOf(events)))
    t.is(JSON.stringify(reports), JSON.stringify(reportsOf(events)))
    t.is(JSON.stringify(pacer), JSON.stringify(pacerOf(events)))
  })
}

test('catalog: the field readers agree with the whole cycle, NaN where it has null', async (t) => {
  const {trace} = await parseText(catalog.map((entry) => entry.line).join('\n'))
  let checked = 0
  const orNaN = (v: number | null) => v ?? Number.NaN
  for (const {cycles} of trace.segments) {
    for (let i = 0; i < cycles.length; i++) {
      const c = cycles.at(i) as GcCycle
      t.deepEqual(
        [cycles.seq(i), cycles.seconds(i), cycles.gcCpuPercent(i), cycles.stwMs(i), cycles.heapAtStartMB(i), cycles.heapAtEndMB(i), cycles.liveHeapMB(i), cycles.liveOrEndMB(i)],
        [c.seq, orNaN(c.at), orNaN(c.gcCpuPercent), c.stwMs, c.heapMB.atStart, c.heapMB.atEnd, orNaN(c.heapMB.live), c.heapMB.live ?? c.heapMB.atEnd],
      )
      t.deepEqual(
        [cycles.goalMB(i), cycles.stacksMB(i), cycles.globalsMB(i), cycles.trigger(i), cycles.forced(i), cycles.line(i), cycles.wallMs(i)],
        [orNaN(c.goalMB), orNaN(c.stacksMB), orNaN(c.globalsMB), c.trigger, c.forced, c.line, orNaN(c.wallMs)],
      )
      checked++
    }
  }
  // The catalogue has Go 1.3/1.4 lines (no time, no live heap, no CPU times) and Go 1.19 ones.
  t.true(trace.segments.some(({cycles}) => cycles.length > 0 && Number.isNaN(cycles.seconds(0))))
  t.true(trace.segments.some(({cycles}) => cycles.length > 0 && !Number.isNaN(cycles.stacksMB(0))))
  t.true(checked > 20, `${checked}`)
})

/** A real Go 1.19 cycle (fixtures/recordings/go1.19-leak), renumbered. */
async function realCycle(): Promise<GcCycle> {
  const {events} = await parseText(readFileSync(recording('go1.19-leak'), 'utf8'))
  return cyclesOf(events)[5] as GcCycle
}

test('rows across the growth of the first chunk and the chunks after it read back as written', async (t) => {
  const base = await realCycle()
  // 40,000 rows: the first chunk grows 64 → 16,384 rows, then two more chunks.
  const written = Array.from({length: 40_000}, (_, i): GcCycle => ({...base, seq: i + 1, at: i * 0.5, heapMB: {...base.heapMB, live: i % 1000}, wallMs: i % 3 === 0 ? null : 1.7e12 + i, line: i + 1}))
  const table = cycleTableOf(written)
  t.is(table.length, written.length)
  for (const i of [0, 63, 64, 127, 128, 8191, 8192, 16_383, 16_384, 16_385, 32_767, 32_768, 39_999]) t.deepEqual(table.at(i), written[i], `row ${i}`)
  t.deepEqual(table.at(-1), written.at(-1))
  t.is(table.at(40_000), undefined)
  t.is(table.at(-40_001), undefined)
  t.deepEqual(table.toArray(), written)
  // Cycle numbers grow: the first row with seq ≥ n.
  t.is(table.indexOfSeq(1), 0)
  t.is(table.indexOfSeq(20_000), 19_999)
  t.is(table.indexOfSeq(50_000), 40_000)
})

test('a wall-clock column that starts late: rows before its first value read null', async (t) => {
  const base = await realCycle()
  const written = Array.from({length: 200}, (_, i): GcCycle => ({...base, seq: i + 1, wallMs: i < 150 ? null : 1.7e12 + i}))
  const table = cycleTableOf(written)
  t.is(table.at(149)?.wallMs, null)
  t.true(Number.isNaN(table.wallMs(0)))
  t.is(table.at(150)?.wallMs, 1.7e12 + 150)
  t.is(table.wallMs(199), 1.7e12 + 199)
})

test('property: a float column gives back every row as pushed, null or not pushed reading NaN, read while rows still come', (t) => {
  // Runs of rows with no value (pushed as null or not pushed at all: the tables' number paths
  // push none) long enough to cross the first chunk's growth and whole chunks, between values.
  const run = fc.record({empty: fc.oneof(fc.nat(70), fc.integer({min: 16_000, max: 40_000})), pushNull: fc.boolean(), value: fc.oneof(fc.double(), fc.constant(null))})
  fc.assert(
    fc.property(fc.array(run, {maxLength: 6}), fc.array(fc.nat(), {maxLength: 20}), (runs, reads) => {
      const column = new LazyFloatColumn()
      const pushed: number[] = []
      const readsOk = () => reads.every((read) => pushed.length === 0 || Object.is(column.get(read % pushed.length), pushed[read % pushed.length]))
      for (const {empty, pushNull, value} of runs) {
        for (let i = 0; i < empty; i++) {
          if (pushNull) column.push(pushed.length, null)
          pushed.push(Number.NaN)
        }
        if (!readsOk()) return false
        column.push(pushed.length, value)
        pushed.push(value ?? Number.NaN)
        if (!readsOk()) return false
      }
      return pushed.every((value, row) => Object.is(column.get(row), value))
    }),
    {numRuns: 60},
  )
  t.pass()
})

test('property: any cycle reads back unchanged, milliseconds the runtime would not print included', (t) => {
  const ms = fc.oneof(
    // What the runtime prints: two significant digits, at most three decimals, or whole ms.
    fc.integer({min: 0, max: 9999}).map((us) => us / 1000),
    fc.integer({min: 10, max: 4_000_000}),
    // What it does not: more decimals, negative, past 2^32 µs, −0 (which a whole-µs column would read as 0).
    fc.double({min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true}),
    fc.constantFrom(-0, 0, 2 ** 32 / 1000, 2 ** 32 / 1000 - 0.001),
  )
  const mb = fc.integer({min: 0, max: 1 << 24})
  const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, {nil: null})
  const cycle: fc.Arbitrary<GcCycle> = fc.record({
    kind: fc.constant('cycle' as const),
    shape: fc.constantFrom('go1.3', 'go1.4', 'go1.5', 'go1.6', 'go1.19' as const),
    seq: fc.integer({min: 1, max: 2 ** 31 - 1}),
    at: nullable(fc.double({min: 0, max: 1e9, noNaN: true})),
    // Whole numbers below 253 fit the table's byte; the rest (fractions, −0, 253 and up) are kept aside.
    gcCpuPercent: nullable(fc.oneof(fc.integer({min: 0, max: 100}), fc.constantFrom(-0, 253, 254, 255, 256, 12.5, -1))),
    clockMs: fc.record({sweepTermination: ms, mark: ms, markTermination: ms}),
    cpuMs: nullable(fc.record({sweepTermination: ms, assist: ms, background: ms, idle: ms, markTermination: ms})),
    extraPhasesMs: nullable(fc.dictionary(fc.constantFrom('scanClock', 'objects', 'goroutines'), fc.nat())),
    stwMs: ms,
    heapMB: fc.record({atStart: mb, atEnd: mb, live: nullable(mb)}),
    goalMB: nullable(mb),
    stacksMB: nullable(mb),
    globalsMB: nullable(mb),
    procs: fc.oneof(fc.integer({min: 1, max: 1 << 16}), fc.constantFrom(65533, 65534, 65535, 2 ** 31)),
    forced: fc.boolean(),
    trigger: fc.constantFrom('heap', 'periodic', 'user' as const),
    spliced: fc.boolean(),
    line: fc.integer({min: 1, max: 2 ** 32 - 1}),
    prefix: fc.constantFrom('', '2024/01/02 03:04:05 ', '// '),
    wallMs: nullable(fc.integer({min: 0, max: 4e12})),
  })
  fc.assert(
    fc.property(fc.array(cycle, {maxLength: 200}), (cycles) => {
      const table = cycleTableOf(cycles)
      t.deepEqual(table.toArray(), cycles)
      for (let i = 0; i < cycles.length; i++) t.is(table.stwMs(i), (cycles[i] as GcCycle).stwMs)
    }),
  )
})

test('scavenger reports of every era read back unchanged, including generation -1 (FreeOSMemory) and HeapReleased past 16 GiB', async (t) => {
  const {events} = await parseText(catalog.map((entry) => entry.line).join('\n'))
  const reports = reportsOf(events)
  t.true(reports.some((r) => r.shape === 'scvg') && reports.some((r) => r.shape === 'scav'))
  const big = {...(reports[0] as ScavengerReport), generation: -1, totalReleasedKiB: 3 * 2 ** 24 + 7, releasedKiB: 2 ** 40}
  const table = scavengerTableOf([...reports, big])
  t.deepEqual(table.toArray(), [...reports, big])
  t.is(table.totalReleasedKiB(reports.length), 3 * 2 ** 24 + 7)
})

test('whole-number columns give back every value pushed: NaN, −0, fractions, negatives and values too large for the column', (t) => {
  const edges = (top: number) => fc.oneof(fc.integer({min: 0, max: top}), fc.constantFrom(top - 2, top - 1, top, top + 1, -0, 0, Number.NaN, Number.POSITIVE_INFINITY), fc.double())
  for (const [top, Column] of [
    [0xff, Uint8Array],
    [0xffff, Uint16Array],
    [0xffff_ffff, Uint32Array],
  ] as const) {
    fc.assert(
      fc.property(fc.array(edges(top), {maxLength: 50}), (values) => {
        const numbers = new WholeNumbers(top)
        const column = new Column(values.length)
        values.forEach((value, row) => (column[row] = numbers.encode(row, value)))
        t.deepEqual(
          values.map((_, row) => numbers.decode(row, column[row] as number)),
          values,
        )
      }),
    )
  }
})

test('scavenger reports read back unchanged with any KiB, util % and cycle number, kept aside where the integer columns cannot hold them', async (t) => {
  const {events} = await parseText(catalog.map((entry) => entry.line).join('\n'))
  const base = reportsOf(events).find((r) => r.shape === 'scav') as ScavengerReport
  const kib = fc.option(fc.oneof(fc.integer({min: 0, max: 2 ** 33}), fc.constantFrom(0xffff_fffe, 0xffff_ffff, -0, 0.5)), {nil: null})
  const report = fc.record({
    releasedKiB: kib,
    totalReleasedKiB: kib,
    utilPercent: fc.option(fc.oneof(fc.integer({min: 0, max: 300}), fc.constantFrom(-0, 99.5)), {nil: null}),
    afterSeq: fc.option(fc.oneof(fc.integer({min: 0, max: 2 ** 33}), fc.constantFrom(-1, 0xffff_fffe)), {nil: null}),
  })
  fc.assert(
    fc.property(fc.array(report, {maxLength: 100}), (figures) => {
      const reports = figures.map((f): ScavengerReport => ({...base, ...f}))
      const table = scavengerTableOf(reports)
      t.deepEqual(table.toArray(), reports)
      reports.forEach((r, i) => {
        t.is(table.releasedKiB(i), r.releasedKiB ?? Number.NaN)
        t.is(table.totalReleasedKiB(i), r.totalReleasedKiB ?? Number.NaN)
        t.is(table.afterSeq(i), r.afterSeq ?? Number.NaN)
      })
    }),
  )
})

test('pacer lines of every form read back unchanged past the value pool’s first chunks, with NaN, −0 and infinite figures and no cycle before them', async (t) => {
  const {events} = await parseText(catalog.map((entry) => entry.line).join('\n'))
  const forms = pacerOf(events)
  t.deepEqual([...new Set(forms.map((p) => p.shape))].sort(), ['assist-ratio', 'cpu', 'mark-end', 'sweep-done'])
  const odd = {...(forms[0] as PacerLine), afterSeq: null, values: {NaN: Number.NaN, minusZero: -0, inf: Number.POSITIVE_INFINITY, '7': 7}}
  // ~20,000 lines of ~6–13 figures each: past the pool’s first chunk (64 values, doubling) and several 16,384-value chunks.
  const written = Array.from({length: 20_000}, (_, i): PacerLine => (i % 997 === 0 ? odd : {...(forms[i % forms.length] as PacerLine), afterSeq: i, line: i + 1}))
  const table = pacerTableOf(written)
  t.deepEqual(table.toArray(), written)
  t.deepEqual(Object.keys(table.at(0)?.values ?? {}), Object.keys(odd.values))
})

test('an empty table', (t) => {
  const table = new CycleTable()
  t.is(table.length, 0)
  t.is(table.at(0), undefined)
  t.is(table.at(-1), undefined)
  t.deepEqual(table.toArray(), [])
  t.is(table.indexOfSeq(5), 0)
})

test('prefixes: none until row 300, then UTF-8 text of every length, past one 1 MiB buffer, read back as written', async (t) => {
  const base = await realCycle()
  const prefixOf = (i: number) => (i < 300 || i % 7 === 0 ? '' : i % 5 === 0 ? `${'x'.repeat(i % 400)}é ` : `2024-01-02T03:04:05.${i}Z ⏱ `)
  const written = Array.from({length: 20_000}, (_, i): GcCycle => ({...base, seq: i + 1, prefix: prefixOf(i)}))
  const table = cycleTableOf(written)
  t.deepEqual(table.toArray(), written)
  const rows = [...table.prefixRows()]
  t.deepEqual(rows, written.flatMap((c, i) => (c.prefix === '' ? [] : [[i, c.prefix]])))
  t.true(written.reduce((bytes, c) => bytes + Buffer.byteLength(c.prefix), 0) > 1 << 20)
})

test('property: a text column gives back every row as pushed, read in any order while rows still come', (t) => {
  // Stamps that differ from the row before in their last characters (what the column keeps
  // apart), texts sharing more than 255 leading bytes, rests of 255 bytes and more, empty rows,
  // non-ASCII text and lone surrogates (read back as UTF-8 decodes them).
  const stamp = fc.tuple(fc.integer({min: 0, max: 59}), fc.integer({min: 0, max: 999_999})).map(([s, us]) => `Nov 25 18:45:${String(s).padStart(2, '0')}.${String(us).padStart(6, '0')} `)
  const text = fc.oneof(
    {weight: 5, arbitrary: stamp},
    {weight: 2, arbitrary: fc.constant('')},
    {weight: 1, arbitrary: fc.tuple(fc.integer({min: 250, max: 600}), fc.string({maxLength: 3})).map(([n, tail]) => 'x'.repeat(n) + tail)},
    {weight: 1, arbitrary: fc.string({unit: 'grapheme', maxLength: 12})},
    {weight: 1, arbitrary: fc.constantFrom('⏱ 2024-01-02 ', 'é', '\ud800', 'a\udc00b ')},
  )
  // Each step pushes a row, or reads one already pushed: any, or the latest (whose group may
  // still move to a new buffer as rows come).
  const step = fc.oneof({weight: 4, arbitrary: text.map((value) => ({push: value}))}, {weight: 1, arbitrary: fc.nat().map((read) => ({read}))}, {weight: 2, arbitrary: fc.constant({read: -1})})
  fc.assert(
    fc.property(fc.nat(80), fc.array(step, {minLength: 50, maxLength: 600}), (emptyFirst, steps) => {
      const column = new LazyTextColumn()
      const pushed: string[] = []
      // Rows before the first text come as empty texts, which the column keeps no memory for.
      for (let i = 0; i < emptyFirst; i++) {
        column.push(pushed.length, '')
        pushed.push('')
      }
      const decoded = (value: string) => Buffer.from(value).toString('utf8')
      for (const s of steps) {
        if ('push' in s) {
          column.push(pushed.length, s.push)
          pushed.push(decoded(s.push))
        } else if (pushed.length > 0) {
          const row = s.read < 0 ? pushed.length - 1 : s.read % pushed.length
          if (column.get(row) !== pushed[row]) return false
        }
      }
      for (let row = pushed.length - 1; row >= 0; row -= 3) if (column.get(row) !== pushed[row]) return false
      const nonEmpty = [...column.nonEmpty()]
      return JSON.stringify(nonEmpty) === JSON.stringify(pushed.flatMap((value, row) => (value === '' ? [] : [[row, value]])))
    }),
    {numRuns: 2000},
  )
  t.pass()
})

test.serial('a stamp before every row takes a few bytes a row, not the stamp', (t) => {
  const column = new LazyTextColumn()
  const before = process.memoryUsage().arrayBuffers
  const rows = 200_000
  for (let i = 0; i < rows; i++) column.push(i, `Nov 25 18:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}.${String((i * 2731) % 1_000_000).padStart(6, '0')} `)
  const grown = process.memoryUsage().arrayBuffers - before
  // 23 bytes of stamp and a 12-byte index a row before (35); now two bytes of index and the
  // bytes that changed (the microseconds, now and then the seconds), with the buffers' room to grow.
  t.true(grown < rows * 18, `${(grown / rows).toFixed(1)} bytes a row`)
  t.is(column.get(123_457), `Nov 25 18:20:34.${String((123_457 * 2731) % 1_000_000).padStart(6, '0')} `)
})

test('many short runs with a prefix each do not take a full text buffer each', async (t) => {
  const base = {...(await realCycle()), prefix: '2024/01/02 03:04:05 '}
  const before = process.memoryUsage().arrayBuffers
  // A crash-looping service: 500 runs (segments) of 3 cycles, each cycle's line stamped.
  const tables = Array.from({length: 500}, () => cycleTableOf([base, base, base]))
  const grown = process.memoryUsage().arrayBuffers - before
  t.deepEqual(tables[499]?.at(2), base)
  // Columns start at 64 rows (~6 KB) and text at 4 KiB; a 1 MiB text buffer each would be 500 MiB.
  t.true(grown < 40 * 2 ** 20, `${(grown / 2 ** 20).toFixed(1)} MiB for 500 tables`)
})

test('property: a Go 1.19 line written as its numbers (pushLine119), whole or mended, is the row its cycle makes', (t) => {
  // The numbers a Go 1.19 gc line can print (gc-line.ts LINE_119_NUMBERS' order), and some it
  // cannot (more decimals, past 2^32 µs, past a column's range), which the table keeps aside.
  const ms = fc.oneof(fc.integer({min: 0, max: 9999}).map((us) => us / 1000), fc.integer({min: 10, max: 4_000_000}), fc.double({min: 0, max: 1e7, noNaN: true}))
  const whole = fc.oneof(fc.integer({min: 0, max: 1 << 24}), fc.constantFrom(253, 65534, 2 ** 31))
  const line = fc.tuple(fc.integer({min: 1, max: 2 ** 31 - 1}), fc.integer({min: 0, max: 1e9}).map((us) => us / 1000), whole, fc.array(ms, {minLength: 8, maxLength: 8}), fc.array(whole, {minLength: 7, maxLength: 7}))
  const row = fc.record({line, forced: fc.boolean(), spliced: fc.boolean(), trigger: fc.constantFrom('heap', 'periodic', 'user' as const), at: fc.integer({min: 1, max: 2 ** 32 - 1})})
  fc.assert(
    fc.property(fc.array(row, {maxLength: 60}), (rows) => {
      const byNumbers = new CycleTable()
      const byCycle = new CycleTable()
      for (const {line: [seq, at, percent, phases, sizes], forced, spliced, trigger, at: lineNumber} of rows) {
        const numbers = Float64Array.from([seq, at, percent, ...phases, ...sizes])
        byNumbers.pushLine119(numbers, stwMsOfLine119(numbers), lineNumber, trigger, forced, spliced)
        byCycle.push({...cycleOfLine119(numbers, forced), trigger, spliced, line: lineNumber, prefix: '', wallMs: null} as GcCycle)
      }
      t.deepEqual(byNumbers.toArray(), byCycle.toArray())
      for (let i = 0; i < rows.length; i++) t.is(byNumbers.stwMs(i), byCycle.stwMs(i))
    }),
  )
})

test('property: a scav line written as its numbers (pushScav) is the row its report makes, after rows of other shapes too', (t) => {
  // Work, total and util as a Go 1.19 `scav` line prints them, and values past the columns' range.
  const kib = fc.oneof(fc.integer({min: 0, max: 2 ** 32 - 3}), fc.constantFrom(2 ** 32 - 2, 2 ** 32, 2 ** 40))
  const row = fc.record({
    numbers: fc.tuple(kib, kib, fc.oneof(fc.integer({min: 0, max: 100}), fc.constantFrom(254, 255, 300))),
    suffix: fc.constantFrom(-1, 0, 1),
    line: fc.integer({min: 1, max: 2 ** 32 - 1}),
    afterSeq: fc.option(fc.integer({min: 1, max: 2 ** 31}), {nil: null}),
    // A report of another era first, so that the lazy columns hold values before the scav rows.
    older: fc.boolean(),
  })
  const older: ScavengerReport = {kind: 'scavenger', shape: 'scav-gen', generation: 12, releasedKiB: 1024, eagerKiB: null, totalReleasedKiB: 4096, utilPercent: 97, inuseMB: 3, idleMB: 1, sysMB: 7, consumedMB: 2, forced: false, controllerReset: false, afterSeq: 5, spliced: true, line: 9, prefix: '', wallMs: null}
  fc.assert(
    fc.property(fc.array(row, {maxLength: 60}), (rows) => {
      const byNumbers = new ScavengerTable()
      const byReport = new ScavengerTable()
      for (const {numbers, suffix, line, afterSeq, older: first} of rows) {
        if (first) {
          byNumbers.push(older)
          byReport.push(older)
        }
        const n = Float64Array.from(numbers)
        byNumbers.pushScav(n, suffix, line, afterSeq)
        byReport.push({...scavReportOf(n, suffix), line, afterSeq} as ScavengerReport)
      }
      t.deepEqual(byNumbers.toArray(), byReport.toArray())
    }),
  )
})
