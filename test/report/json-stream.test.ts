// prettyJson must write exactly what JSON.stringify(value, null, 2) writes — the --json document's
// text is a contract (docs/json.md) — while making a LazyList's items only as it writes them.
import test from 'ava'
import fc from 'fast-check'
import {PassThrough} from 'node:stream'

import {LazyList, prettyJson, writePrettyJson} from '../../src/report/json-stream.js'

const text = (value: unknown) => [...prettyJson(value)].join('')

test('any JSON value, with what JSON.stringify drops or turns into null, is written as JSON.stringify writes it', (t) => {
  const odd = fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, () => 1, '\u2028', 'é "quoted" \\ \n', {toJSON: () => 'from toJSON'}, {toJSON: () => undefined})
  const value = fc.letrec((tie) => ({
    node: fc.oneof({depthSize: 'small'}, fc.jsonValue({maxDepth: 1}), odd, fc.array(tie('node'), {maxLength: 4}), fc.dictionary(fc.string({maxLength: 6}), tie('node'), {maxKeys: 4})),
  })).node
  fc.assert(
    fc.property(value, (v) => {
      const expected = JSON.stringify({v}, null, 2)
      t.is(text({v}), expected)
    }),
    {numRuns: 2000},
  )
})

test('a LazyList is written as the array of its items, in any place, and as JSON.stringify gives it', (t) => {
  const rows = [{seq: 1, heapMB: {atStart: 4, atEnd: 5, live: null}}, {seq: 2, heapMB: {atStart: 5, atEnd: 6, live: 3}}]
  const doc = {a: 1, segments: [{cycles: new LazyList(() => rows), empty: new LazyList(() => []), after: 'x'}], tail: [new LazyList(() => [1, undefined, Number.NaN])]}
  const asArrays = {a: 1, segments: [{cycles: rows, empty: [], after: 'x'}], tail: [[1, null, null]]}
  t.is(text(doc), JSON.stringify(asArrays, null, 2))
  t.is(JSON.stringify(doc, null, 2), JSON.stringify(asArrays, null, 2))
})

test('a LazyList makes its items while it is written, not before', (t) => {
  let made = 0
  function* items() {
    for (let i = 0; i < 100_000; i++) {
      made++
      yield {i}
    }
  }
  const pieces = prettyJson({cycles: new LazyList(items)})
  pieces.next()
  // The first piece is out when one piece's worth of items is made, not all of them.
  t.true(made > 0 && made < 20_000, `${made} made before the first piece`)
  for (const _ of pieces);
  t.is(made, 100_000)
})

test('writePrettyJson ends the document with a newline, as oclif prints --json, and waits when the stream is full', async (t) => {
  const out = new PassThrough({highWaterMark: 16})
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const doc = {list: new LazyList(() => Array.from({length: 5000}, (_, i) => ({i, text: 'x'.repeat(i % 50)})))}
  await writePrettyJson(out, doc)
  t.is(Buffer.concat(chunks).toString(), JSON.stringify(doc, null, 2) + '\n')
})
