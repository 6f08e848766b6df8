import test from 'ava'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import {InputError} from '../../src/errors.js'
import {logFormatMessages} from '../../src/input/formats/messages.js'
import {createLogReading, detectLogFormat, type LogBatch, type LogFormat, type LogReading, LogUnwrapper, type UnwrapOptions} from '../../src/input/log-format.js'
import {openInput} from '../../src/input/open-input.js'
import {splitLines} from '../../src/input/split-lines.js'
import {linesOf} from '../helpers/parse.js'
import {fixture, seedTrace} from '../helpers/paths.js'

// fixtures/collectors/ holds the seed-madvfree recording wrapped as each collector stores it
// (fixtures/programs/wrap-collector.mjs): the runtime text is the recording's, byte for byte.
const collector = (file: string) => fixture('collectors', 'go1.19-seed-madvfree-10x256mb', file)
const SEED_LINES = linesOf(readFileSync(seedTrace('madvfree'), 'utf8'))
/** The recording's process start: rss.csv's first row, epoch_ms − t_s × 1000. */
const START_MS = 1_795_629_739_403 - 1
/** What wrap-collector.mjs stamps each seed line with: the start plus the last gc line's @Ns. */
const SEED_WALL_MS = (() => {
  let at = Number(/@(\d+\.\d+)s/.exec(SEED_LINES.find((l) => l.startsWith('gc ')) ?? '')?.[1])
  return SEED_LINES.map((line) => {
    const m = /^gc \d+ @(\d+\.\d+)s /.exec(line)
    if (m !== null) at = Number(m[1])
    return START_MS + Math.round(at * 1000)
  })
})()

async function* batchesOf(lines: string[], size = 7): AsyncGenerator<string[]> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size)
}

async function unwrapAll(source: AsyncIterable<string[]>, format?: LogFormat, options: UnwrapOptions = {}): Promise<{lines: string[]; wallMs: (number | null)[]; reading: LogReading}> {
  const reading = createLogReading()
  const lines: string[] = []
  const wallMs: (number | null)[] = []
  const collect = (batch: LogBatch | null) => {
    if (batch === null) return
    lines.push(...batch.lines)
    for (let i = 0; i < batch.lines.length; i++) wallMs.push(batch.wallMs === null ? null : (batch.wallMs[i] as number))
  }
  const unwrapper = new LogUnwrapper(format, {...options, reading})
  for await (const batch of source) collect(unwrapper.pushBatch(batch))
  collect(unwrapper.end())
  return {lines, wallMs, reading}
}

async function unwrapFile(path: string, format?: LogFormat, options: UnwrapOptions = {}) {
  const input = await openInput(path)
  return unwrapAll(splitLines(input.chunks), format, {name: path, ...options})
}

// 1. Detection, per file, from the content.
const FILES: [string, LogFormat][] = [
  ['docker-json.log', 'docker-json'],
  ['cri.log', 'cri'],
  ['cri.log.gz', 'cri'],
  ['kubectl-timestamps.log', 'rfc3339'],
  ['journald-short-iso.log', 'journald-short'],
  ['journald-short-precise.log', 'journald-short'],
  ['journald-json.log', 'journald-json'],
]

for (const [file, format] of FILES) {
  test(`${file} is detected as ${format} and unwraps to the recording's lines, times exact to the ms`, async (t) => {
    const {lines, wallMs, reading} = await unwrapFile(collector(file), undefined, {year: 2026})
    t.is(reading.format, format)
    t.false(reading.forced)
    t.is(reading.malformed, 0)
    // Docker and CRI carry one long stdout line (two 16 KiB pieces) around the 11th runtime line.
    const runtime = format === 'docker-json' || format === 'cri' ? lines.filter((l) => l.length < 16_384) : lines
    t.deepEqual(runtime, SEED_LINES)
    const times = format === 'docker-json' || format === 'cri' ? wallMs.filter((_, i) => (lines[i] as string).length < 16_384) : wallMs
    // short-iso prints whole seconds only.
    const expected = format === 'journald-short' && file.includes('iso') ? SEED_WALL_MS.map((ms) => Math.floor(ms / 1000) * 1000) : SEED_WALL_MS
    t.deepEqual(times, expected)
  })
}

test('the plain recording is plain: lines pass through untouched, with no times', async (t) => {
  const {lines, wallMs, reading} = await unwrapFile(seedTrace('madvfree'))
  t.is(reading.format, 'plain')
  t.deepEqual(lines, SEED_LINES)
  t.true(wallMs.every((w) => w === null))
})

test('detection by majority of the first non-empty lines; CRI and journald short-iso win over the bare RFC 3339 prefix they also have', (t) => {
  const cri = '2024-01-01T00:00:00.123456789Z stderr F gc 1 @0.008s 2%: x'
  const iso = '2024-01-01T00:00:00+0000 host app[12]: gc 1 @0.008s 2%: x'
  const kubectl = '2024-01-01T00:00:00.5Z gc 1 @0.008s 2%: x'
  const precise = 'Jan 01 00:00:00.123456 host app[12]: hello'
  const docker = '{"log":"hello\\n","stream":"stderr","time":"2024-01-01T00:00:00.000000001Z"}'
  const journal = '{"MESSAGE":"hello","__REALTIME_TIMESTAMP":"1704067200000000","_PID":"12"}'
  t.is(detectLogFormat(['', cri, cri]), 'cri')
  t.is(detectLogFormat([iso, iso]), 'journald-short')
  t.is(detectLogFormat([kubectl]), 'rfc3339')
  t.is(detectLogFormat([precise, '-- Boot 0123 --', precise]), 'journald-short')
  t.is(detectLogFormat([docker, 'garbage', docker]), 'docker-json')
  t.is(detectLogFormat([journal]), 'journald-json')
  t.is(detectLogFormat(['Feb 26 13:56:33.456 gc 46 @1573.417s 0%: …', 'gc 47 @1574.1s 0%: …']), 'plain')
  t.is(detectLogFormat([docker, 'plain', 'plain']), 'plain')
  t.is(detectLogFormat([]), 'plain')
})

// 2. Envelopes and partials.
test('docker-json: partials of one stream are joined across the other stream, with the first piece’s time', async (t) => {
  const raw = [
    '{"log":"first half of a long ","stream":"stdout","time":"2024-01-01T00:00:00.001999999Z"}',
    '{"log":"gc 1 @0.008s 2%: a\\n","stream":"stderr","time":"2024-01-01T00:00:00.002Z"}',
    '{"log":"line\\n","stream":"stdout","time":"2024-01-01T00:00:00.003Z"}',
    '{"log":"\\u003cok\\u003e\\r\\n","stream":"stderr","time":"2024-01-01T01:00:00+01:00"}',
  ]
  const {lines, wallMs, reading} = await unwrapAll(batchesOf(raw, 1))
  t.deepEqual(lines, ['gc 1 @0.008s 2%: a', 'first half of a long line', '<ok>'])
  const base = Date.UTC(2024, 0, 1)
  t.deepEqual(wallMs, [base + 2, base + 1, base])
  t.is(reading.piecesJoined, 1)
})

test('CRI: P pieces are joined up to the F, per stream; an empty F line is an empty line', async (t) => {
  const raw = ['2024-01-01T00:00:00.1Z stdout P abc', '2024-01-01T00:00:00.2Z stderr F gc 1 @0.008s', '2024-01-01T00:00:00.3Z stdout P def', '2024-01-01T00:00:00.4Z stdout F ghi', '2024-01-01T00:00:00.5Z stderr F ', '2024-01-01T00:00:00.6Z stderr F']
  const {lines, wallMs} = await unwrapAll(batchesOf(raw, 2), 'cri')
  const base = Date.UTC(2024, 0, 1)
  t.deepEqual(lines, ['gc 1 @0.008s', 'abcdefghi', '', ''])
  t.deepEqual(wallMs, [base + 200, base + 100, base + 500, base + 600])
})

test('journald short: the year assumed rolls over with the month; -o short has whole seconds; journal notes stay', async (t) => {
  const raw = ['-- Logs begin at Mon 2023-12-01 00:00:00 UTC. --', 'Dec 31 23:59:59.999999 host app[1]: gc 1 @0.008s', 'Jan  1 00:00:01 host app[1]: gc 2 @1.010s']
  const {lines, wallMs, reading} = await unwrapAll(batchesOf(raw), undefined, {nowMs: Date.UTC(2024, 5, 1)})
  t.is(reading.format, 'journald-short')
  t.deepEqual(lines, [raw[0], 'gc 1 @0.008s', 'gc 2 @1.010s'])
  // Dec 31 of this year (2024) would be in the future: it is last year's.
  t.deepEqual(wallMs, [Number.NaN, Date.UTC(2023, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 0, 1, 0, 0, 1)])
  t.is(reading.yearAssumed, 2023)
  // A December line read in January of the next year is last year's, not a future one.
  const december = await unwrapAll(batchesOf(['Dec 31 23:00:00 host app[1]: x']), 'journald-short', {nowMs: Date.UTC(2025, 0, 2)})
  t.deepEqual(december.wallMs, [Date.UTC(2024, 11, 31, 23)])
  // The year given (--process-start's) wins.
  const given = await unwrapAll(batchesOf(['Mar 01 00:00:00 host app[1]: x']), 'journald-short', {year: 2021})
  t.deepEqual(given.wallMs, [Date.UTC(2021, 2, 1)])
  t.is(given.reading.yearAssumed, null)
})

test('journald json: MESSAGE as an array of bytes (not UTF-8) or null, µs times, processes counted', async (t) => {
  const raw = [
    JSON.stringify({__REALTIME_TIMESTAMP: '1704067200123456', _PID: '7', MESSAGE: [...Buffer.from('gc 1 @0.008s \u2206')]}),
    JSON.stringify({__REALTIME_TIMESTAMP: '1704067201000999', _PID: '8', MESSAGE: null}),
  ]
  const {lines, wallMs, reading} = await unwrapAll(batchesOf(raw))
  t.deepEqual(lines, ['gc 1 @0.008s \u2206', ''])
  t.deepEqual(wallMs, [1_704_067_200_123, 1_704_067_201_000])
  t.is(reading.processes, 2)
})

test('a malformed line in a detected format is kept whole as program output, and counted', async (t) => {
  const raw = ['2024-01-01T00:00:00Z stderr F gc 1 @0.008s', 'panic: runtime error', '2024-01-01T00:00:01Z stderr F gc 2 @1.008s', '2024-01-01T00:00:02Z stderr F gc 3 @2.008s']
  const {lines, wallMs, reading} = await unwrapAll(batchesOf(raw))
  t.is(reading.format, 'cri')
  t.deepEqual(lines, ['gc 1 @0.008s', 'panic: runtime error', 'gc 2 @1.008s', 'gc 3 @2.008s'])
  t.true(Number.isNaN(wallMs[1]))
  t.is(reading.malformed, 1)
  t.is(reading.firstMalformedLine, 2)
})

test('--format that the file does not have: InputError, one line, naming the line', async (t) => {
  const path = collector('docker-json.log')
  const error = await t.throwsAsync(unwrapFile(path, 'cri'), {instanceOf: InputError})
  const first = readFileSync(path, 'utf8').split('\n')[0] as string
  t.is(error?.message, logFormatMessages.notThatFormat(path, 1, 'cri', first))
  t.regex(error?.message ?? '', /line 1 is not a CRI .* as --format cri says: "\{\\"log\\":\\"scav 0 KiB work/)
  t.notRegex(error?.message ?? '', /\n/)
  // --format plain reads anything, as it is.
  const plain = await unwrapFile(path, 'plain')
  t.is(plain.lines[0], first)
})

// 3. Wrapping then unwrapping gives the lines back, whatever they hold.
const PIECE = 16_384
const wrapDocker = (lines: string[], stream: string[], piece: number) =>
  lines.flatMap((line, i) => {
    const pieces: string[] = []
    for (let at = 0; at < line.length || at === 0; at += piece) pieces.push(line.slice(at, at + piece))
    return pieces.map((p, j) => JSON.stringify({log: j === pieces.length - 1 ? `${p}\n` : p, stream: stream[i % stream.length], time: new Date(1e12 + i * 1000).toISOString()}))
  })
const wrapCri = (lines: string[], stream: string[], piece: number) =>
  lines.flatMap((line, i) => {
    const pieces: string[] = []
    for (let at = 0; at < line.length || at === 0; at += piece) pieces.push(line.slice(at, at + piece))
    return pieces.map((p, j) => `${new Date(1e12 + i * 1000).toISOString()} ${stream[i % stream.length]} ${j === pieces.length - 1 ? 'F' : 'P'} ${p}`)
  })
// A line as it can reach the unwrapper: no \n inside, no \r at the end (split-lines took them).
const programLine = fc.string({unit: 'grapheme', maxLength: 60}).map((s) => s.replace(/[\n\r]/g, ' '))

for (const [name, wrap, format] of [
  ['docker-json', wrapDocker, 'docker-json'],
  ['CRI', wrapCri, 'cri'],
] as const) {
  test(`property: lines wrapped as ${name} (pieces of any size, one stream or two) unwrap to the same lines and times`, async (t) => {
    await fc.assert(
      fc.asyncProperty(fc.array(programLine, {minLength: 1, maxLength: 30}), fc.integer({min: 1, max: 70}), fc.boolean(), async (lines, piece, oneStream) => {
        const streams = oneStream ? ['stderr'] : ['stderr', 'stdout']
        const raw = wrap(lines, streams, piece)
        const out = await unwrapAll(batchesOf(raw, 5), format)
        t.deepEqual(out.lines, lines)
        t.deepEqual(out.wallMs, lines.map((_, i) => 1e12 + i * 1000))
        t.is(out.reading.malformed, 0)
      }),
      {numRuns: 150},
    )
  })
}

test('property: a piece of another stream between the pieces of a line does not change either line', async (t) => {
  await fc.assert(
    fc.asyncProperty(programLine, programLine, fc.integer({min: 1, max: 20}), async (long, other, piece) => {
      const [a, ...rest] = wrapCri([long], ['stdout'], piece)
      const raw = [a as string, ...wrapCri([other], ['stderr'], PIECE), ...rest]
      const out = await unwrapAll(batchesOf(raw, 3), 'cri')
      t.deepEqual([...out.lines].sort(), [long, other].sort())
    }),
    {numRuns: 100},
  )
})

test('property: any lines, any format detected or forced as plain: never a throw, every raw line counted and given back (whole, or joined as a piece)', async (t) => {
  const anyLine = fc.oneof(
    fc.string({unit: 'binary', maxLength: 80}).map((s) => s.replace(/[\n\r]/g, ' ')),
    fc.constantFrom('{"log":"x","stream":"stderr","time":"2024-01-01T00:00:00Z"}', '2024-01-01T00:00:00Z stderr P x', '2024-13-01T00:00:00Z y', 'Jan 32 00:00:00 h a: z', '{"MESSAGE":[300],"__REALTIME_TIMESTAMP":"1"}', '{"log":1}', '{'),
  )
  await fc.assert(
    fc.asyncProperty(fc.array(anyLine, {maxLength: 40}), async (lines) => {
      const {lines: out, reading} = await unwrapAll(batchesOf(lines, 4))
      t.is(reading.rawLines, lines.length)
      if (reading.format === 'plain') t.deepEqual(out, lines)
      // Every raw line is a line out, or a piece joined onto one (a stored text with \n may make more).
      t.true(out.length >= lines.length - reading.piecesJoined, `${out.length} lines out of ${lines.length}, ${reading.piecesJoined} pieces joined`)
    }),
    {numRuns: 200},
  )
})
