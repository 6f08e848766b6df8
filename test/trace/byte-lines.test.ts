// The byte path (byte-lines.ts) reads a plain log without decoding its common lines; it must give
// exactly the trace the text path gives (splitLines, then every line as text) — on every real
// recording, on the catalogue of every era's lines, on a log stamped on every line, and on bytes
// cut into chunks anywhere, with CRLF, non-ASCII and invalid UTF-8, empty lines and no final newline.
import test from 'ava'
import fc from 'fast-check'
import {readdirSync, readFileSync} from 'node:fs'

import {readInto} from '../../src/cli/load-analysis.js'
import {createLogReading} from '../../src/input/log-format.js'
import {splitLines} from '../../src/input/split-lines.js'
import {appLineEnd, fourBytes, holdsRuntimeText} from '../../src/trace/byte-lines.js'
import {gcLine119Forced, gcLine119Newline, gcLine119Numbers, LINE_119_NUMBERS} from '../../src/trace/gc-line.js'
import {SCAV_LINE_NUMBERS, scavLineNewline, scavLineNumbers, scavLineSuffix} from '../../src/trace/scavenger-line.js'
import {type Trace, TraceParser} from '../../src/trace/parse-trace.js'
import {fixture, recording} from '../helpers/paths.js'

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function viaText(bytes: Buffer, size: number): Promise<Trace> {
  const parser = new TraceParser()
  for await (const batch of splitLines(chunksOf(bytes, size))) for (const line of batch) parser.push(line)
  return parser.end()
}

/**
 * The byte path fed chunks of `sizes`, each read into one buffer and scribbled over once pushed:
 * as a file is read (open-input.ts, recycle), so that a view of a chunk kept past pushBytes
 * would read the next chunk's bytes, or the scribble, and tell.
 */
function viaBytes(bytes: Buffer, sizes: number[]): Trace {
  const parser = new TraceParser()
  const buffer = Buffer.alloc(Math.min(bytes.length, Math.max(...sizes)))
  let at = 0
  for (let k = 0; at < bytes.length; k++) {
    const size = Math.min(sizes[k % sizes.length] as number, bytes.length - at)
    const chunk = buffer.subarray(0, size)
    bytes.copy(chunk, 0, at, at + size)
    parser.pushBytes(chunk)
    chunk.fill(k % 2 === 0 ? '9' : 'gc 1 @')
    at += size
  }
  return parser.end()
}

/** Everything a trace holds, as one comparable value. */
const contents = (trace: Trace) => ({
  lines: trace.lines,
  splices: trace.splices,
  unrecognized: trace.unrecognized,
  segments: trace.segments.map((s) => ({...s, cycles: s.cycles.toArray(), scavenger: s.scavenger.toArray(), pacer: s.pacer.toArray()})),
})

const catalog = (JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {line: string}[]).map((entry) => entry.line)
const splices = readFileSync(recording('go1.19-stderr-splices'), 'utf8')
const inputs: [string, Buffer][] = [
  ...readdirSync(fixture('recordings'))
    .filter((name) => !name.startsWith('.'))
    .map((name): [string, Buffer] => [name, readFileSync(recording(name))]),
  ['catalog', Buffer.from(catalog.join('\n') + '\n')],
  // As `ts` or a syslog relay writes it: every line stamped, cut gc lines' tails too.
  ['splices, a stamp on every line', Buffer.from(splices.split('\n').map((line, i) => (line === '' ? line : `Nov 25 18:45:${String(i % 60).padStart(2, '0')}.${String(i % 1e6).padStart(6, '0')} ${line}`)).join('\n'))],
  ['splices, CRLF, no final newline', Buffer.from(splices.replace(/\n/g, '\r\n').trimEnd())],
]

for (const [name, bytes] of inputs) {
  test(`${name}: the byte path gives the text path's trace, whole and in chunks of 1, 7 and 4096 bytes`, async (t) => {
    const expected = contents(await viaText(bytes, 64 << 10))
    t.true(expected.lines.total > 0)
    for (const sizes of [[bytes.length], [4096], [7], [1, 3, 64 << 10]]) t.deepEqual(contents(viaBytes(bytes, sizes)), expected, `chunks of ${sizes.join(', ')}`)
  })
}

test('any mix of real lines, pieces of cut lines and odd bytes, cut into chunks anywhere: the same trace both ways', async (t) => {
  const real = splices.split('\n').slice(0, 3000)
  const piece = fc.oneof(
    {weight: 8, arbitrary: fc.constantFrom(...real)},
    {weight: 2, arbitrary: fc.constantFrom(...catalog)},
    // A line cut anywhere, the way other output cuts a runtime line.
    {weight: 2, arbitrary: fc.tuple(fc.constantFrom(...real), fc.nat()).map(([line, cut]) => line.slice(0, cut % (line.length + 1)))},
    {weight: 1, arbitrary: fc.constantFrom('', '\r', 'gc ', 'scav ', 'gc 1 @0.010s 2%: ', 'héllo wörld ✓', 'GC forced', 'pacer: ', 'a MB goal b', '50% util')},
  )
  const odd = fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xe2, 0x82]), Buffer.from([0xc3]), Buffer.from('\r'))
  const log = fc.array(fc.tuple(piece, fc.option(odd, {nil: undefined}), fc.constantFrom('\n', '\r\n', '\n', '')), {maxLength: 80}).map((parts) =>
    Buffer.concat(parts.map(([text, extra, end]) => Buffer.concat([Buffer.from(text), extra ?? Buffer.alloc(0), Buffer.from(end)]))),
  )
  await fc.assert(
    fc.asyncProperty(log, fc.array(fc.integer({min: 1, max: 300}), {minLength: 1, maxLength: 5}), async (bytes, sizes) => {
      t.deepEqual(contents(viaBytes(bytes, sizes)), contents(await viaText(bytes, 64 << 10)))
    }),
    {numRuns: 300},
  )
})

test('a head cut right after `gc ` whose next line is a whole gc line: no cut before the head\'s first byte, at any place in its chunk', async (t) => {
  // The whole line opens the template the head stopped in (`gc {n} @…`), so it goes on from the
  // head's start; a cut there would leave no runtime text in the head, which the text path never
  // tries. The head is held as a view of its chunk, away from the chunk's start.
  const whole = splices.split('\n').find((line) => line.startsWith('gc ') && line.endsWith(' P')) as string
  for (const before of ['', 'GET /health 200\n', '2026/11/25 18:45:24 worker 4 handled 650 requests\n']) {
    const bytes = Buffer.from(`${before}gc 2026/11/25 18:45:24 worker 1 handled 50 requests\n${whole}\n`)
    const expected = contents(await viaText(bytes, 64 << 10))
    t.is(expected.lines.cycles, 1)
    t.deepEqual(contents(viaBytes(bytes, [bytes.length])), expected, JSON.stringify(before))
  }
})

test('an app line is told from runtime text by what the text path looks for', (t) => {
  const holds = (text: string) => holdsRuntimeText(Buffer.from(text), 0, Buffer.byteLength(text))
  for (const text of ['gc 5 @1.0s', 'x gc', 'describe', 'GC forced', 'pacer: x', '4 MB goal', ' MB stacks, ', '0.1 ms clock, ', '1 ms cpu, ', '5 KiB work', '9% util']) t.true(holds(text), text)
  for (const text of ['', 'g', 'GET /health 200', '2026/11/25 18:45:24 worker 4 handled 650 requests', 'MB', 'ms', '%']) t.false(holds(text), text)
  // Only inside [start, end): the next line's text does not count.
  t.false(holdsRuntimeText(Buffer.from('abc\ngc 1'), 0, 3))
})

test('property: holdsRuntimeText finds a needle exactly where a regexp over the same bytes does', (t) => {
  // Latin-1 gives one character per byte, so the regexp sees the bytes the scan sees.
  const NEEDLES = /gc|sc|GC|pacer: | MB | ms c| KiB work|% util/
  const pieces = ['gc', 'sc', 'GC', 'pacer: ', ' MB ', ' ms c', ' KiB work', '% util', 'g', 'c', 's', ' ', ' M', ' m', ' K', '%', 'pacer', '2026/11/25 ', 'worker 4 handled 650 requests', '\u00e9', '\n']
  const bytesOf = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({maxLength: 6})), {maxLength: 12}).map((parts) => Buffer.from(parts.join(''), 'latin1'))
  fc.assert(
    fc.property(bytesOf, fc.nat(), fc.nat(), (bytes, a, b) => {
      const start = bytes.length === 0 ? 0 : a % (bytes.length + 1)
      const end = start + (b % (bytes.length - start + 1))
      t.is(holdsRuntimeText(bytes, start, end), NEEDLES.test(bytes.toString('latin1', start, end)))
    }),
    {numRuns: 2000},
  )
})

test('property: appLineEnd is the line\'s newline where holdsRuntimeText finds nothing before it, and -1 where it finds a needle', (t) => {
  const pieces = ['gc', 'sc', 'GC', 'pacer: ', ' MB ', ' ms c', ' KiB work', '% util', 'g', 'c', 'C', 's', ' ', ' M', ' m', '%', '2026/11/25 ', 'worker 4 handled 650 requests', '\u00e9', '\n', '\r\n', '\r', 'c\n', 'gc\r\n']
  // The chunk's lines end with a newline, as the byte path gives them (done: the last one).
  const chunkOf = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({maxLength: 6})), {maxLength: 12}).map((parts) => Buffer.from(parts.join('') + '\n', 'latin1'))
  fc.assert(
    fc.property(chunkOf, fc.nat(), (bytes, a) => {
      const done = bytes.length - 1
      const start = a % bytes.length
      const newline = bytes.indexOf(0x0a, start)
      const end = newline > start && bytes[newline - 1] === 0x0d ? newline - 1 : newline
      t.is(appLineEnd(bytes, fourBytes(bytes), start, done), holdsRuntimeText(bytes, start, end) ? -1 : newline)
    }),
    {numRuns: 3000},
  )
})

test('property: appLineEnd reads four bytes at once from any start, in a chunk at any offset of its memory, as holdsRuntimeText reads pairs', (t) => {
  // Runs of text with nothing marked (read four bytes at a time), then a needle, a lone `c`, a
  // newline or a `\r\n` at any place among the four: before, across and after a read's pairs.
  const plain = fc.integer({min: 0, max: 11}).map((n) => 'worker 4 handled 350 requests'.slice(0, n))
  const pieces = ['gc', 'sc', 'GC', 'pacer: ', ' MB ', ' ms c', ' KiB work', '% util', 'c', 'C', ' M', 'g', '%', '\n', '\r\n', '\r', 'gc\n']
  const chunkOf = fc.array(fc.tuple(plain, fc.constantFrom(...pieces)), {maxLength: 8}).map((parts) => parts.map(([a, b]) => a + b).join('') + '\n')
  fc.assert(
    fc.property(chunkOf, fc.integer({min: 0, max: 7}), fc.nat(), (text, offset, a) => {
      // The chunk as a view at `offset` into its memory, as a read chunk or a carried line is.
      const memory = Buffer.alloc(offset + text.length + 8, 'x')
      memory.write(text, offset, 'latin1')
      const bytes = memory.subarray(offset, offset + text.length)
      const done = bytes.length - 1
      const start = a % bytes.length
      const newline = bytes.indexOf(0x0a, start)
      const end = newline > start && bytes[newline - 1] === 0x0d ? newline - 1 : newline
      t.is(appLineEnd(bytes, fourBytes(bytes), start, done), holdsRuntimeText(bytes, start, end) ? -1 : newline, JSON.stringify([text, offset, start]))
    }),
    {numRuns: 5000},
  )
})

/** The whole-line templates read up to a newline, each with its reading of a line whose end is known. */
const WHOLE_LINES: {known: (bytes: Uint8Array, start: number, end: number) => number | boolean | undefined; numbers: Float64Array; toNewline: (bytes: Uint8Array, start: number, done: number) => number; ended: () => number | boolean}[] = [
  {known: gcLine119Numbers, numbers: LINE_119_NUMBERS, toNewline: gcLine119Newline, ended: gcLine119Forced},
  {known: scavLineNumbers, numbers: SCAV_LINE_NUMBERS, toNewline: scavLineNewline, ended: scavLineSuffix},
]

test('property: a gc or scav line read up to its newline is read as it is with its end known', (t) => {
  const runtime = [...splices.split('\n'), ...catalog].filter((line) => line.startsWith('gc ') || line.startsWith('scav '))
  const endings = ['\n', '\r\n', '\r\r\n', '\rx\n', ' (forced)\n', ' (forced)\r\n', ' (forced) \n', ' (forced)\r\r\n', ' [controller reset]\n', ' [controller reset]\r\n', 'x\n', ' \n', '0\n', '.5\n']
  // The line cut anywhere (no newline inside it), an ending, and more lines after it: `done` is the chunk's last newline.
  const chunkOf = fc.tuple(fc.constantFrom(...runtime), fc.nat(), fc.boolean(), fc.constantFrom(...endings), fc.constantFrom('', 'gc 2 @0.1s 1%: \n', 'x\r\ny\n'))
  fc.assert(
    fc.property(chunkOf, ([line, cut, whole, ending, after]) => {
      const text = (whole ? line : line.slice(0, cut % (line.length + 1))) + ending
      const bytes = Buffer.from(text + after, 'latin1')
      const done = bytes.length - 1
      const newline = bytes.indexOf(0x0a)
      const end = newline > 0 && bytes[newline - 1] === 0x0d ? newline - 1 : newline
      for (const kind of WHOLE_LINES) {
        const expected = kind.known(bytes, 0, end)
        const expectedNumbers = [...kind.numbers]
        const found = kind.toNewline(bytes, 0, done)
        t.is(found, expected === undefined ? -1 : newline, text)
        if (found < 0) continue
        t.is(kind.ended(), expected as number | boolean)
        t.deepEqual([...kind.numbers], expectedNumbers)
      }
    }),
    {numRuns: 3000},
  )
})

test('readInto reads a plain file as bytes after its first lines, and counts its raw lines', async (t) => {
  const path = recording('go1.19-stderr-splices')
  const parser = new TraceParser()
  const reading = createLogReading()
  const {openInput} = await import('../../src/input/open-input.js')
  await readInto(parser, await openInput(path), undefined, {name: path, reading})
  const trace = parser.end()
  t.is(reading.format, 'plain')
  t.is(reading.rawLines, trace.lines.total)
  t.deepEqual(contents(trace), contents(await viaText(readFileSync(path), 64 << 10)))
})
