import test from 'ava'
import fc from 'fast-check'

import {RawLineSplitter, rawSuffix} from '../../src/input/raw-lines.js'
import {splitLines} from '../../src/input/split-lines.js'

async function* chunksOf(parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part
}

async function viaSplitLines(parts: Buffer[]): Promise<string[]> {
  const out: string[] = []
  for await (const batch of splitLines(chunksOf(parts))) out.push(...batch)
  return out
}

function viaRaw(parts: Buffer[]): {texts: string[]; raws: Buffer[]} {
  const splitter = new RawLineSplitter()
  const texts: string[] = []
  const raws: Buffer[] = []
  for (const part of parts) {
    const batch = splitter.push(part)
    texts.push(...batch.texts)
    raws.push(...batch.raws)
  }
  const rest = splitter.end()
  return {texts: [...texts, ...rest.texts], raws: [...raws, ...rest.raws]}
}

/** Bytes rich in what matters: newlines, \r, invalid and multi-byte UTF-8. */
const interestingBytes = fc.array(fc.oneof(fc.constantFrom(0x0a, 0x0d, 0xff, 0xfe, 0xe2, 0x88, 0x86, 0xc3, 0xa9, 0x00), fc.integer({min: 0x20, max: 0x7e})), {maxLength: 300})

test('same lines as split-lines, for any bytes cut into any chunks; the raw bytes are the input, line by line', async (t) => {
  await fc.assert(
    fc.asyncProperty(interestingBytes, fc.array(fc.integer({min: 0, max: 300}), {maxLength: 6}), async (bytes, cuts) => {
      const input = Buffer.from(bytes)
      const points = [...new Set(cuts.map((c) => Math.min(c, input.length)))].sort((a, b) => a - b)
      const parts: Buffer[] = []
      let from = 0
      for (const p of [...points, input.length]) {
        parts.push(input.subarray(from, p))
        from = p
      }
      const expected = await viaSplitLines(parts)
      const {texts, raws} = viaRaw(parts)
      t.deepEqual(texts, expected)
      t.is(raws.length, texts.length)
      t.true(Buffer.concat(raws).equals(input))
      for (const raw of raws.slice(0, -1)) t.is(raw.at(-1), 0x0a)
    }),
    {numRuns: 300},
  )
})

test('keeps \\r\\n, invalid UTF-8 and a last line without a newline in the raw bytes', (t) => {
  const input = Buffer.concat([Buffer.from('one\r\n'), Buffer.from([0x62, 0xff, 0x0a]), Buffer.from('last')])
  const {texts, raws} = viaRaw([input.subarray(0, 3), input.subarray(3)])
  t.deepEqual(texts, ['one', 'b\uFFFD', 'last'])
  t.deepEqual(raws.map((r) => r.toString('latin1')), ['one\r\n', 'b\xff\n', 'last'])
})

test('without raw bytes it only splits', (t) => {
  const splitter = new RawLineSplitter(false)
  t.deepEqual(splitter.push(Buffer.from('a\nb\n')), {texts: ['a', 'b'], raws: []})
})

test('rawSuffix finds the bytes of app text that stood after runtime text on a line', (t) => {
  const raw = Buffer.concat([Buffer.from('gc 5 @1.0s 0%: 1+2+3 ms clock, 4->'), Buffer.from('app \xff\xfe x\r\n', 'latin1')])
  const text = 'gc 5 @1.0s 0%: 1+2+3 ms clock, 4->app \uFFFD\uFFFD x'
  t.deepEqual(rawSuffix(raw, text, 'app \uFFFD\uFFFD x')?.toString('latin1'), 'app \xff\xfe x\r\n')
  // Invalid bytes before the cut: found by decoding.
  const raw2 = Buffer.concat([Buffer.from([0xff]), Buffer.from('gc 1 @ app\n')])
  t.deepEqual(rawSuffix(raw2, '\uFFFDgc 1 @ app', 'app')?.toString(), 'app\n')
  // Multi-byte characters before the cut.
  t.deepEqual(rawSuffix(Buffer.from('∆∆x app ünï\n'), '∆∆x app ünï', 'app ünï')?.toString(), 'app ünï\n')
  t.is(rawSuffix(Buffer.from('abc\n'), 'abc', 'zz'), undefined)
})
