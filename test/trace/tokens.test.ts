// Where a runtime line cut by other output can have been cut (writeBoundaries), and whether the
// next line can go on from there (mayContinue): the two checks that keep mending cheap.
import test from 'ava'
import fc from 'fast-check'

import {byteTemplate, type CutPoint, END_OF_LINE, mayContinue, templateMatcher, templateMatcherBytes, writeBoundaries} from '../../src/trace/tokens.js'
// Importing the grammar registers its templates.
import '../../src/trace/gc-line.js'

// Real: the head and tail of gc 8172 in fixtures/recordings/go1.19-stderr-splices, as issue 2 quotes them.
const HEAD = 'gc 8172 @4.530s 30%: 0.054+0.45+0.020 ms clock, 0.10+0.053/0.10/0+0.041 ms cpu, 2->3->1 MB, 42026/11/25 18:09:14 worker 1 handled 200000 requests'
const TAIL = ' MB goal, 0 MB stacks, 0 MB globals, 2 P'
const GOAL_TOKEN = '{n} MB goal, '
const FROM = HEAD.indexOf('42026')

const cutsAt = (cuts: CutPoint[] | undefined) => (cuts ?? []).map((c) => c.at)

test('cuts in the heap goal field: before it, and after each digit that could end the number', (t) => {
  const cuts = writeBoundaries([GOAL_TOKEN], HEAD, FROM)
  // `4`, `42`, … `42026` could each be the goal with the app text after it; `/` ends the digits.
  t.deepEqual(cutsAt(cuts), [FROM, FROM + 1, FROM + 2, FROM + 3, FROM + 4, FROM + 5])
})

test('the tail ` MB goal, …` goes on only from a cut after a digit of the goal', (t) => {
  const cuts = writeBoundaries([GOAL_TOKEN], HEAD, FROM) ?? []
  const fits = cuts.filter((cut) => mayContinue(cut, TAIL)).map((c) => c.at - FROM)
  // Not before the number (the tail does not start with a digit); after any of its digits.
  t.deepEqual(fits, [1, 2, 3, 4, 5])
  // An app line that came between head and tail cannot go on from any of them.
  t.deepEqual(cuts.filter((cut) => mayContinue(cut, '2026/11/25 18:09:14 worker 0 handled 200000 requests')).length, 0)
})

test('a tail that ends inside the field group may still go on (the line was cut again); an empty tail only where the line can end', (t) => {
  const cuts = writeBoundaries([GOAL_TOKEN], HEAD, FROM) ?? []
  const afterFirstDigit = cuts.find((c) => c.at === FROM + 1) as CutPoint
  t.true(mayContinue(afterFirstDigit, ' MB g'))
  t.false(mayContinue(afterFirstDigit, ' MB x'))
  t.false(mayContinue(afterFirstDigit, ''), 'the goal is not where a gc line ends')
  const [end] = writeBoundaries([END_OF_LINE], 'gc 1 … 2 P2026/11/25', 11) ?? []
  t.true(mayContinue(end as CutPoint, ''))
  t.false(mayContinue(end as CutPoint, 'more'))
})

test('a cut inside a number with decimals: more digits, the decimals, or what follows the number', (t) => {
  // `0.05` + app text, the rest `4+0.45+…` on the next line: the clock phases field group.
  const head = 'gc 12 @0.020s 20%: 0.05worker 3 said hello'
  const from = head.indexOf('0.05')
  const cuts = writeBoundaries(['{ms}+{ms}+{ms} ms clock, {ms}+{ms}/{ms}/{ms}+{ms} ms cpu, '], head, from) ?? []
  t.deepEqual(cutsAt(cuts), [from, from + 1, from + 3, from + 4])
  const afterTwoDecimals = cuts.find((c) => c.at === from + 4) as CutPoint
  t.true(mayContinue(afterTwoDecimals, '4+0.45+0.020 ms clock, '))
  t.true(mayContinue(afterTwoDecimals, '+0.45+0.020 ms clock, '))
  t.false(mayContinue(afterTwoDecimals, ' ms clock, '), 'two more phases must come first')
})

test('a token that is not a template: every position must be tried', (t) => {
  t.is(writeBoundaries(['N% CPU (N exp.) for … B work'], 'pacer: 25% CPU', 7), undefined)
})

// Each template's matchers — over text, and the straight-line code it is compiled to for bytes
// (tokens.ts compileBytesMatcher) — against a reference written independently: the template as a
// sticky regexp, numbers by Number(). Greedy digits never give any back, so the regexp forbids a
// digit after the decimals it allows.
const TEMPLATES = [
  'gc {n} @{s3}s {n}%: {ms}+{ms}+{ms} ms clock, {ms}+{ms}/{ms}/{ms}+{ms} ms cpu, {n}->{n}->{n} MB, {n} MB goal, {n} MB stacks, {n} MB globals, {n} P',
  '{ms}+{ms}+{ms}+{ms}+{ms} ms clock, {ms}+{ms}+{ms}+{ms}/{ms}/{ms}+{ms} ms cpu, ',
  'scav {n} KiB work, {n} KiB total, {n}% util',
]
for (const template of TEMPLATES) byteTemplate(template)

function reference(template: string, input: string, at: number): {end: number; numbers: number[]} {
  const source = template
    .split(/(\{n\}|\{ms\}|\{s3\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{n}' ? String.raw`(\d+)` : part === '{ms}' ? String.raw`(\d+(?:\.\d{1,3}(?!\d))?)(?![.\d])` : part === '{s3}' ? String.raw`(\d+\.\d{3})(?!\d)` : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('')
  const match = new RegExp(source, 'y')
  match.lastIndex = at
  const found = match.exec(input)
  return found === null ? {end: -1, numbers: []} : {end: at + found[0].length, numbers: found.slice(1).map(Number)}
}

// Real lines: gc 8172 of the splices recording (HEAD + TAIL above, whole), the phases of gc 4 in
// fixtures/lines/catalog.json (a Go 1.5 line) and the splices recording's first scav line.
const REAL = [HEAD.slice(0, FROM) + '4' + TAIL, '0.16+0.50+3.8+9.9+0.17 ms clock, 0.64+0.50+0+0.007/3.4/10+0.69 ms cpu, ', 'scav 0 KiB work, 3440 KiB total, 69% util']

test('property: each template reads text and bytes exactly as its regexp does, on real lines changed at random', (t) => {
  const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '0', '7', '.', '.5', '5.', ' ', '+', 'x', '9999', '0.1234')), {maxLength: 3})
  fc.assert(
    fc.property(fc.nat(TEMPLATES.length - 1), edits, fc.nat(8), (which, changes, lead) => {
      const template = TEMPLATES[which] as string
      let line = ' '.repeat(lead % 3) + (REAL[which] as string)
      for (const [at, text] of changes) {
        const k = at % (line.length + 1)
        line = line.slice(0, k) + text + line.slice(k + (text === '' ? 1 : 0))
      }
      const start = lead % 3
      const expected = reference(template, line, start)
      const slots = templateMatcherBytes(template).slots
      const out = new Float64Array(slots + 2)
      const bytes = Buffer.from(line, 'latin1')
      const end = templateMatcherBytes(template).match(bytes, start, bytes.length, out, 2)
      t.is(end, expected.end, line)
      if (end >= 0) t.deepEqual([...out.subarray(2)], expected.numbers, line)
      t.is(templateMatcher(template)(line, start), expected.end, line)
      // A line cut short: the bytes matcher stops at `end`, never reading on.
      if (expected.end > start) t.is(templateMatcherBytes(template).match(Buffer.from(line + '1', 'latin1'), start, expected.end - 1, out, 0), reference(template, line.slice(0, expected.end - 1), start).end)
      // The same line with text after it that is no line end (the matcher with its bound checked).
      const bounded = new Float64Array(slots)
      t.is(templateMatcherBytes(template).match(Buffer.from(line + '5 x', 'latin1'), start, line.length, bounded, 0), expected.end, line)
      if (expected.end >= 0) t.deepEqual([...bounded], expected.numbers, line)
    }),
    {numRuns: 3000},
  )
})

test('every byte of a real line deleted or replaced: each template reads the bytes as its regexp reads them', (t) => {
  let read = 0
  TEMPLATES.forEach((template, which) => {
    const whole = REAL[which] as string
    const {slots, match} = templateMatcherBytes(template)
    const out = new Float64Array(slots)
    for (let at = 0; at < whole.length; at++) {
      for (const text of ['', 'x', '0', ' ', '.']) {
        const line = whole.slice(0, at) + text + whole.slice(at + 1)
        const expected = reference(template, line, 0)
        // At the end of the bytes (no bound checked), and with text after them (bound checked).
        for (const bytes of [Buffer.from(line, 'latin1'), Buffer.from(line + '7 x', 'latin1')]) {
          t.is(match(bytes, 0, line.length, out, 0), expected.end, line)
          if (expected.end >= 0) t.deepEqual([...out], expected.numbers, line)
        }
        if (expected.end >= 0) read++
      }
    }
  })
  // Some changes keep the line a match (a digit for a digit); most do not.
  t.true(read > 100)
})

test('property: a line that stops anywhere — inside a literal or a number, at the end of its bytes or before a line end — reads as its regexp reads it', (t) => {
  fc.assert(
    fc.property(fc.nat(TEMPLATES.length - 1), fc.nat(), fc.constantFrom('', '\n', '\r\n', '\r', 'x', '7'), (which, at, after) => {
      const template = TEMPLATES[which] as string
      const whole = REAL[which] as string
      const line = whole.slice(0, at % (whole.length + 1))
      const expected = reference(template, line, 0)
      const {slots, match} = templateMatcherBytes(template)
      const out = new Float64Array(slots)
      t.is(match(Buffer.from(line + after, 'latin1'), 0, line.length, out, 0), expected.end, JSON.stringify(line + after))
      if (expected.end >= 0) t.deepEqual([...out], expected.numbers, line)
    }),
    {numRuns: 2000},
  )
})
