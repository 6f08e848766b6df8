import test from 'ava'
import assert from 'node:assert/strict'
import fc from 'fast-check'

import {DelimitedRow, detectDelimiter, readNumber, splitFields, TextLineBreaker, textLines} from '../../src/memory/delimited.js'

test('quoted fields: separators inside quotes, doubled quotes, an unterminated quote', (t) => {
  // The header of a Grafana export, as its toCSV writes it.
  t.deepEqual(splitFields('"Time","{label1=""value1"", label2=""value1""}"', ','), ['Time', '{label1="value1", label2="value1"}'])
  t.deepEqual(splitFields('a,"b,c",d', ','), ['a', 'b,c', 'd'])
  t.deepEqual(splitFields('a,"b', ','), ['a', 'b'])
  t.deepEqual(splitFields('a;b,c;', ';'), ['a', 'b,c', ''])
})

test('the separator: a tab wins, else the more common of ; and , outside quotes', (t) => {
  t.is(detectDelimiter('t\trss,kb'), '\t')
  t.is(detectDelimiter('Zeit;RSS (MiB)'), ';')
  t.is(detectDelimiter('"Time","x{a=""1"";b=""2"";c=""3""}"'), ',')
  t.is(detectDelimiter('time'), ',')
})

test('lines: CRLF and a byte-order mark are dropped', (t) => {
  t.deepEqual(textLines('\ufeffa,b\r\n1,2\r\n'), ['a,b', '1,2', ''])
})

test('numbers: blank is not zero; exponents, signs and decimal commas', (t) => {
  t.true(Number.isNaN(readNumber('')))
  t.true(Number.isNaN(readNumber('   ')))
  t.true(Number.isNaN(readNumber('Infinity')))
  t.true(Number.isNaN(readNumber('1,5')))
  t.is(readNumber('1,5', true), 1.5)
  t.is(readNumber(' 1.5e3 '), 1500)
  t.is(readNumber('-311.465'), -311.465)
  t.is(readNumber('.5'), 0.5)
})

// Properties assert with node:assert, which throws, so that fast-check sees a failure and shrinks it.
test('property: a number read in place is exactly what Number() reads', (t) => {
  const decimal = fc.tuple(fc.constantFrom('', '-', '+', ' '), fc.stringMatching(/^\d{0,12}$/), fc.constantFrom('', '.'), fc.stringMatching(/^\d{0,8}$/)).map((p) => p.join(''))
  fc.assert(
    fc.property(fc.oneof(decimal, fc.string({maxLength: 12})), (text) => {
      const row = new DelimitedRow(',', false)
      row.set(`x,${text.replaceAll(',', '').replaceAll('"', '')},y`)
      const field = row.text(1) as string
      const expected = Number(field)
      const valid = field.trim().length > 0 && Number.isFinite(expected)
      assert.ok(Object.is(row.number(1), valid ? expected : Number.NaN) || (valid && row.number(1) === expected), JSON.stringify(field))
    }),
    {numRuns: 5000},
  )
  t.pass()
})

test('property: rows without quotes split as String.split does', (t) => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[^,"\n]{0,6}$/), {minLength: 1, maxLength: 8}), (fields) => {
      const row = new DelimitedRow(',', false)
      row.set(fields.join(','))
      assert.equal(row.count, fields.length)
      fields.forEach((f, i) => assert.equal(row.text(i), f))
      assert.equal(row.text(fields.length), undefined)
    }),
  )
  t.pass()
})

test('property: a text pushed in pieces breaks into the lines textLines gives of it whole', (t) => {
  const text = fc.array(fc.constantFrom('a', ',', '1', ' ', '\n', '\r', '\r\n', 'é', '"'), {maxLength: 60}).map((parts) => parts.join(''))
  fc.assert(
    fc.property(text, fc.array(fc.nat({max: 60}), {maxLength: 8}), (whole, cuts) => {
      const at = [...new Set(cuts.map((c) => Math.min(c, whole.length)))].sort((a, b) => a - b)
      const breaker = new TextLineBreaker()
      const lines: string[] = []
      let from = 0
      for (const to of [...at, whole.length]) {
        lines.push(...breaker.push(whole.slice(from, to)))
        from = to
      }
      lines.push(...breaker.end())
      assert.deepEqual(lines, textLines(whole))
    }),
    {numRuns: 2000},
  )
  t.pass()
})
