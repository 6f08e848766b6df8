import test from 'ava'
import fc from 'fast-check'

import {splitLines} from '../../src/input/split-lines.js'

async function collect(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = []
  async function* source() {
    yield* chunks
  }
  for await (const batch of splitLines(source())) lines.push(...batch)
  return lines
}

const bytes = (s: string) => Buffer.from(s, 'utf8')

test('\\n and \\r\\n end lines; a last line without \\n is kept', async (t) => {
  t.deepEqual(await collect([bytes('a\nb\r\nc')]), ['a', 'b', 'c'])
  t.deepEqual(await collect([bytes('a\n\nb\n')]), ['a', '', 'b'])
})

test('a line split across chunks, inside a multi-byte character, comes back whole', async (t) => {
  const text = 'pacer: (∆goal 114688)\nnext\n'
  const raw = bytes(text)
  const cut = raw.indexOf(0xe2) + 1 // between the bytes of ∆
  t.deepEqual(await collect([raw.subarray(0, cut), raw.subarray(cut)]), ['pacer: (∆goal 114688)', 'next'])
})

test('invalid UTF-8 and NUL bytes do not throw and keep the line count', async (t) => {
  const lines = await collect([Buffer.from([0x67, 0x63, 0xff, 0xfe, 0x0a, 0x00, 0x00, 0x0a, 0xc3])])
  t.is(lines.length, 3)
  t.is(lines[0], 'gc\uFFFD\uFFFD')
  t.is(lines[1], '\0\0')
})

test('a 10 MB line arriving in 64 KiB chunks is one line', async (t) => {
  const big = Buffer.alloc(10 * 1024 * 1024, 0x61)
  const chunks: Buffer[] = [bytes('before\n')]
  for (let i = 0; i < big.length; i += 65536) chunks.push(big.subarray(i, i + 65536))
  chunks.push(bytes('\nafter\n'))
  const lines = await collect(chunks)
  t.deepEqual(lines.map((l) => l.length), [6, big.length, 5])
})

test('property: any text cut into any chunks splits into the same lines as String.split', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.string({unit: 'binary', maxLength: 300}), fc.array(fc.nat(300), {maxLength: 6}), async (text, cuts) => {
      const raw = bytes(text)
      const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b)
      const chunks: Buffer[] = []
      let from = 0
      for (const p of points) {
        chunks.push(raw.subarray(from, p))
        from = p
      }
      chunks.push(raw.subarray(from))
      // A trailing `\n` ends the last line; a last line without one (even just `\r`) is kept.
      const split = text.split('\n')
      if (split.at(-1) === '') split.pop()
      const expected = split.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
      t.deepEqual(await collect(chunks.filter((c) => c.length > 0)), expected)
    }),
  )
})

test('a line longer than 64 MiB is handed on in 64 MiB pieces, the same by every splitter', async (t) => {
  const {RawLineSplitter} = await import('../../src/input/raw-lines.js')
  const {ByteLines} = await import('../../src/trace/byte-lines.js')
  const {EventReader} = await import('../../src/trace/read-events.js')
  const half = Buffer.alloc(32 << 20, 0x61)
  const chunks = [half, half, half, bytes('b\nc')]
  const pieceLengths = (lines: string[]) => lines.map((line) => line.length)
  const expected = [64 << 20, (32 << 20) + 1, 1]

  const split = await collect(chunks)
  t.deepEqual(pieceLengths(split), expected)
  t.true((split[1] as string).endsWith('ab') && split[2] === 'c')

  const raw = new RawLineSplitter()
  const rawLines = [...chunks.flatMap((chunk) => raw.push(chunk).texts), ...raw.end().texts]
  t.deepEqual(rawLines, split)

  const viaBytes: string[] = []
  const byteLines = new ByteLines(new EventReader(() => {}), (line) => viaBytes.push(line), false)
  for (const chunk of chunks) byteLines.push(chunk)
  byteLines.end()
  t.deepEqual(viaBytes, split)
})
