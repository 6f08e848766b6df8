// The byte path's mender (mend-bytes.ts) must mend a cut line exactly as the text path does —
// the same reading, the same counts (mended, ambiguous), the same events — and take the common
// cut lines itself rather than hand them back. The text path is the oracle: every input below is
// read both ways and compared whole.
import test from 'ava'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {readFileSync} from 'node:fs'

import {appTextDistance, appTextDistanceBytes, AppTextStart} from '../../src/trace/app-text-shape.js'
import {ByteLines} from '../../src/trace/byte-lines.js'
import {CutHead119, cutLine119} from '../../src/trace/gc-line.js'
import {CutScavHead} from '../../src/trace/scavenger-line.js'
import {type Trace, TraceParser} from '../../src/trace/parse-trace.js'
import {EventReader} from '../../src/trace/read-events.js'
import {parseRuntimeText} from '../../src/trace/runtime-line.js'
import {cutsBeforeTail, mayContinue, templateShapes, writeBoundaries} from '../../src/trace/tokens.js'
import type {TraceEvent} from '../../src/trace/types.js'
import {recording} from '../helpers/paths.js'
import {linesOf} from '../helpers/parse.js'

// fixtures/recordings/go1.19-stderr-splices: a real program's stderr, gc and scav lines cut by its log lines.
const splices = linesOf(readFileSync(recording('go1.19-stderr-splices'), 'utf8'))
const isWhole = (line: string) => /^(gc \d+ @.* P|scav \d+ KiB work, \d+ KiB total, \d+% util)$/.test(line)
const appLines = splices.filter((line) => line.startsWith('2026/'))
/** Indexes of whole runtime lines with at least three lines before them. */
const wholeAt = splices.flatMap((line, i) => (i >= 3 && isWhole(line) ? [i] : []))

/** Where the runtime's writes end in a line: each print argument (a number, a separator) is one write(2). */
function writeEnds(line: string): number[] {
  return [...line.matchAll(/\d+(?:\.\d+)?|[^\d]+/g)].map((match) => (match.index ?? 0) + match[0].length)
}

function read(bytes: Buffer, sizes: number[], withEvents: boolean): {trace: Trace; events: TraceEvent[]} {
  const events: TraceEvent[] = []
  const parser = new TraceParser(withEvents ? (event) => events.push(event) : undefined)
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length] as number
    parser.pushBytes(bytes.subarray(at, at + size))
    at += size
  }
  return {trace: parser.end(), events}
}

function readAsText(text: string, withEvents: boolean): {trace: Trace; events: TraceEvent[]} {
  const events: TraceEvent[] = []
  const parser = new TraceParser(withEvents ? (event) => events.push(event) : undefined)
  for (const line of linesOf(text)) parser.push(line)
  return {trace: parser.end(), events}
}

const contents = ({trace, events}: {trace: Trace; events: TraceEvent[]}) => ({
  lines: trace.lines,
  splices: trace.splices,
  unrecognized: trace.unrecognized,
  segments: trace.segments.map((s) => ({...s, cycles: s.cycles.toArray(), scavenger: s.scavenger.toArray(), pacer: s.pacer.toArray()})),
  events,
})

test('property: a real runtime line cut at any write, real app text in it, reads the same as bytes as as text', (t) => {
  const cutLine = fc
    .record({
      at: fc.constantFrom(...wholeAt),
      cut: fc.nat(),
      app: fc.constantFrom(...appLines),
      // The app text as written, or starting further in (`026/11/25 …`, `/25 …`, ` worker …`): digits that read on, and none.
      skip: fc.oneof(fc.constant(0), fc.nat({max: 12})),
      withEvents: fc.boolean(),
      sizes: fc.array(fc.integer({min: 1, max: 400}), {minLength: 1, maxLength: 3}),
    })
    .map(({at, cut, app, skip, withEvents, sizes}) => {
      const line = splices[at] as string
      const ends = writeEnds(line)
      const end = ends[cut % ends.length] as number
      // Lines before it, for the previous cycle and the last app line the readings are scored by.
      const before = splices.slice(Math.max(0, at - 8), at)
      const text = [...before, line.slice(0, end) + app.slice(skip), line.slice(end), ...splices.slice(at + 1, at + 3)].join('\n') + '\n'
      return {text, withEvents, sizes}
    })
  fc.assert(
    fc.property(cutLine, ({text, withEvents, sizes}) => {
      assert.deepEqual(contents(read(Buffer.from(text), sizes, withEvents)), contents(readAsText(text, withEvents)))
    }),
    {numRuns: 1500},
  )
  t.pass()
})

test('the byte path mends the recording’s cut lines itself, without decoding them for the text path', (t) => {
  // Every gc and scav line that other output cut, with what came after it — when that ends the line
  // (`… P`, `… util`, or the runtime's newline alone). A tail cut again is the text path's.
  const triples: [string, string, string][] = splices.flatMap((line, i): [string, string, string][] => {
    const tail = splices[i + 1] ?? ''
    return i > 0 && /^(gc|scav) /.test(line) && !isWhole(line) && /(P|util|^)$/.test(tail) ? [[splices[i - 1] ?? '', line, tail]] : []
  })
  t.true(triples.length > 1400, `${triples.length} cut lines`)
  const notTaken: string[] = []
  for (const [app, head, tail] of triples) {
    const reader = new EventReader(() => {}, {appEvents: false})
    const decoded: string[] = []
    const lines = new ByteLines(reader, (line) => (decoded.push(line), reader.push(line)), true)
    lines.push(Buffer.from(`${app}\n${head}\n${tail}\n`))
    lines.end()
    reader.end()
    // The runtime's own newline after a line other output ended is read as text: an empty line.
    if (decoded.includes(head) || (tail !== '' && decoded.includes(tail)) || reader.splices.mended !== 1) notTaken.push(head)
  }
  t.deepEqual(notTaken, [])
})

/** A real gc or scav line of the recording cut at one of its writes, with real app text after the cut (or part of it), and its tail. */
const cutRuntimeLine = (kinds: RegExp) =>
  fc.record({at: fc.constantFrom(...wholeAt.filter((i) => kinds.test(splices[i] ?? ''))), cut: fc.nat(), app: fc.constantFrom(...appLines), skip: fc.nat({max: 12})}).map(({at, cut, app, skip}) => {
    const line = splices[at] as string
    const ends = writeEnds(line)
    const end = ends[cut % ends.length] as number
    return {head: line.slice(0, end) + app.slice(skip), tail: line.slice(end)}
  })
const cutGcLine = cutRuntimeLine(/^gc /)

test('property: a held head stops where the grammar stops, expecting what it expects, and its readings are the lines head and tail make', (t) => {
  fc.assert(
    fc.property(cutRuntimeLine(/^(gc|scav) /), fc.nat(), ({head, tail}, extra) => {
      const stop = head.startsWith('gc ') ? new CutHead119() : new CutScavHead()
      const bytes = Buffer.from(head)
      const kind = stop.read(bytes, 0, bytes.length)
      const parsed = parseRuntimeText(head)
      if (kind === undefined) return
      assert.deepEqual(parsed, {ok: false, furthest: stop.furthest, expected: [...stop.expected]})
      if (kind === 'whole') {
        assert.deepEqual(parseRuntimeText(head.slice(0, stop.furthest)), {ok: true, value: stop.whole()})
        return
      }
      // A reading from any cut at or after where the head stopped: the rest of the head to the cut, then the tail.
      const cut = stop.furthest + (extra % (head.length - stop.furthest + 1))
      const rest = Buffer.from(head.slice(stop.furthest, cut) + tail)
      const joined = parseRuntimeText(head.slice(0, cut) + tail)
      const reading = stop.reading(rest, 0, rest.length)
      if (reading !== undefined) assert.deepEqual(joined, {ok: true, value: reading})
      // Where the whole-line template does not read it, the text path reads no Go 1.19 line there either.
      else assert.ok(!joined.ok || !['go1.19', 'scav'].includes(joined.value.kind === 'cycle' || joined.value.kind === 'scavenger' ? joined.value.shape : ''))
    }),
    {numRuns: 3000},
  )
  t.pass()
})

test('cutLine119 and a held gc head agree wherever cutLine119 answers', (t) => {
  fc.assert(
    fc.property(cutGcLine, ({head}) => {
      const text = cutLine119(head, 0)
      if (text === undefined) return
      const stop = new CutHead119()
      assert.equal(stop.read(Buffer.from(head), 0, Buffer.byteLength(head)), 'cut')
      assert.deepEqual({furthest: stop.furthest, expected: stop.expected}, text)
    }),
    {numRuns: 1000},
  )
  t.pass()
})

test('property: cutsBeforeTail gives the text path’s cuts — every boundary position from which the tail goes on, ascending, once', (t) => {
  fc.assert(
    fc.property(cutRuntimeLine(/^(gc|scav) /), fc.nat({max: 6}), fc.constantFrom('', '9', 'gc 1 @0.', 'x\n'), ({head, tail}, skipTail, before) => {
      const stop = parseRuntimeText(head)
      if (stop.ok) return
      // Tails as they come, and shortened ones that cannot go on.
      const next = tail.slice(skipTail)
      if (next === '') return
      const boundaries = writeBoundaries(stop.expected, head, stop.furthest) ?? []
      const expected = [...new Set(boundaries.filter((cut) => cut.at >= 1 && mayContinue(cut, next)).map((cut) => cut.at))].sort((a, b) => a - b)
      const out: number[] = []
      // The head as a view of a chunk, after other bytes: cuts count from its start, and none is at it.
      const bytes = Buffer.from(before + head)
      const tailBytes = Buffer.from(`x${next}`)
      assert.ok(cutsBeforeTail(templateShapes(stop.expected) ?? [], bytes, before.length, stop.furthest, bytes.length, tailBytes, 1, tailBytes.length, out))
      assert.deepEqual(out, expected)
    }),
    {numRuns: 2000},
  )
  t.pass()
})

test('cutsBeforeTail merges the templates\u2019 cuts in order, each once, where a later template cuts before an earlier one', (t) => {
  // Three clock phases read on to the CPU phases, five stop at ` ms clock`; with a tail of `+`,
  // three phases go on after 0.1, 0.2 and 0.4, five after 0.1, 0.2 and 0.3: the third phase\u2019s
  // cuts come from the second template, after the first\u2019s in the CPU phases.
  const head = 'gc 1 @0.100s 1%: 0.1+0.2+0.3 ms clock, 0.4worker 3 said'
  const stop = parseRuntimeText(head)
  assert.ok(!stop.ok)
  const shapes = templateShapes(stop.expected) ?? []
  const bytes = Buffer.from(head)
  const tail = Buffer.from('+')
  const alone = shapes.map((shape) => {
    const cuts: number[] = []
    cutsBeforeTail([shape], bytes, 0, stop.furthest, bytes.length, tail, 0, tail.length, cuts)
    return cuts
  })
  t.deepEqual(alone, [
    [18, 20, 22, 24, 40, 42],
    [18, 20, 22, 24, 26, 28],
  ])
  // A list that held more cuts before is written over and cut to length.
  const out = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
  t.true(cutsBeforeTail(shapes, bytes, 0, stop.furthest, bytes.length, tail, 0, tail.length, out))
  t.deepEqual(out, [18, 20, 22, 24, 26, 28, 40, 42])
  const boundaries = writeBoundaries(stop.expected, head, stop.furthest) ?? []
  t.deepEqual(out, [...new Set(boundaries.filter((cut) => cut.at >= 1 && mayContinue(cut, '+')).map((cut) => cut.at))].sort((a, b) => a - b))
})

test('property: appTextDistanceBytes (with the last app line read from its bytes where they are ASCII) is appTextDistance, or NaN where a byte ≥ 0x80 stands in what is compared', (t) => {
  const ascii = fc.array(fc.constantFrom('0', '7', '.', '/', ' ', 'a', 'Z', ':', 'gc 4 @3.791s ', '2026/11/25 '), {minLength: 1, maxLength: 6}).map((parts) => parts.join(''))
  const any = fc.array(fc.constantFrom('0', '9', '.', '/', ' ', 'w', 'é', '✓', '\u00ff', '2026/11/25 18:09:14 worker'), {maxLength: 6}).map((parts) => parts.join(''))
  fc.assert(
    fc.property(ascii, any, fc.option(any, {nil: undefined}), (before, after, lastApp) => {
      const bytes = Buffer.from(before + after)
      // The last app line's start as the reader works it out: from its bytes where they are ASCII, else from its text.
      let start: AppTextStart | undefined
      if (lastApp !== undefined) {
        const fromText = new AppTextStart().setText(lastApp)
        const fromBytes = new AppTextStart()
        const lastBytes = Buffer.from(lastApp)
        if (lastBytes.length > 0 && fromBytes.setBytes(lastBytes, 0, lastBytes.length)) {
          assert.equal(fromBytes.length, fromText.length)
          assert.deepEqual([...fromBytes.classes.subarray(0, fromBytes.length)], [...fromText.classes.subarray(0, fromText.length)])
          start = fromBytes
        } else {
          assert.ok(/[^\x00-\x7f]/.test(lastApp.slice(0, 5)) || lastApp === '', 'bytes refused only for non-ASCII where compared')
          start = fromText
        }
      }
      const actual = appTextDistanceBytes(bytes, bytes.length, before.length, start)
      const expected = appTextDistance(before + after, before.length, lastApp)
      if (Number.isNaN(actual)) assert.ok(lastApp !== undefined && /[^\x00-\x7f]/.test(after.slice(0, 5)), 'NaN only for non-ASCII where compared')
      else assert.equal(actual, expected)
    }),
    {numRuns: 3000},
  )
  t.pass()
})
