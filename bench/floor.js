// What a parse of the benchmark input could cost at best, in two designs: a design experiment,
// not part of `npm run bench`. Both read the file, split it into lines, look at the first bytes
// of each, and match the whole Go 1.19 gc line and scav line templates with the numbers read in
// place (the grammar's own templates, gc-line.ts LINE_119 and scavenger-line.ts); nothing else —
// no other line kinds, no mending of cut lines, no events, no tables. They differ in what a line
// is:
//   strings: the product's splitLines (a chunk decoded once, String.split), charCodeAt;
//   bytes:   the Buffer chunks as read, lines found with indexOf(0x0a), bytes indexed.
// Prints one JSON line per design: {design, lines, gc, scav, loopMs}. Compare loopMs with
// bench/baseline-regex.js on the same file (docs/benchmarks.md, "What is left").
//
// Usage: node bench/floor.js FILE [strings|bytes]   (default: both)
import {createReadStream} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const {openInput} = await import(new URL('src/input/open-input.js', dist).href)
const {splitLines} = await import(new URL('src/input/split-lines.js', dist).href)

const GC_119 = 'gc {n} @{s3}s {n}%: {ms}+{ms}+{ms} ms clock, {ms}+{ms}/{ms}/{ms}+{ms} ms cpu, {n}->{n}->{n} MB, {n} MB goal, {n} MB stacks, {n} MB globals, {n} P'
const SCAV = 'scav {n} KiB work, {n} KiB total, {n}% util'
const DIGITS = 1
const numbers = new Float64Array(32)

/** A template as pieces: slot kinds (1 {n}, 2 {ms}, 3 {s3}) and literal char codes. */
function compile(template) {
  return template
    .split(/(\{n\}|\{ms\}|\{s3\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{n}' ? DIGITS : part === '{ms}' ? 2 : part === '{s3}' ? 3 : Uint8Array.from(part, (ch) => ch.charCodeAt(0))))
}
const GC_SHAPE = compile(GC_119)
const SCAV_SHAPE = compile(SCAV)

/**
 * Matches `shape` from `k` to exactly `end`; the count of numbers, or -1. Written twice, for a
 * string and for bytes: one function reading through a callback made that call site polymorphic
 * and both designs ~2× slower, which measured the callback rather than the design.
 */
function matchString(text, k, end, shape) {
  let count = 0
  for (const piece of shape) {
    if (typeof piece !== 'number') {
      for (let c = 0; c < piece.length; c++) if (text.charCodeAt(k + c) !== piece[c]) return -1
      k += piece.length
      continue
    }
    let c = text.charCodeAt(k)
    if (!(c >= 0x30 && c <= 0x39)) return -1
    let whole = 0
    while (c >= 0x30 && c <= 0x39) {
      whole = whole * 10 + (c - 0x30)
      c = text.charCodeAt(++k)
    }
    let scale = 1
    if (piece !== DIGITS && c === 0x2e) {
      c = text.charCodeAt(++k)
      while (c >= 0x30 && c <= 0x39) {
        whole = whole * 10 + (c - 0x30)
        scale *= 10
        c = text.charCodeAt(++k)
      }
    }
    numbers[count++] = whole / scale
  }
  return k === end ? count : -1
}

function matchBytes(bytes, k, end, shape) {
  let count = 0
  for (const piece of shape) {
    if (typeof piece !== 'number') {
      for (let c = 0; c < piece.length; c++) if (bytes[k + c] !== piece[c]) return -1
      k += piece.length
      continue
    }
    let c = bytes[k]
    if (!(c >= 0x30 && c <= 0x39)) return -1
    let whole = 0
    while (c >= 0x30 && c <= 0x39) {
      whole = whole * 10 + (c - 0x30)
      c = bytes[++k]
    }
    let scale = 1
    if (piece !== DIGITS && c === 0x2e) {
      c = bytes[++k]
      while (c >= 0x30 && c <= 0x39) {
        whole = whole * 10 + (c - 0x30)
        scale *= 10
        c = bytes[++k]
      }
    }
    numbers[count++] = whole / scale
  }
  return k === end ? count : -1
}

async function strings(file) {
  const counts = {design: 'strings', lines: 0, gc: 0, scav: 0}
  const started = process.hrtime.bigint()
  const input = await openInput(file)
  for await (const batch of splitLines(input.chunks)) {
    for (const line of batch) {
      counts.lines++
      const first = line.charCodeAt(0)
      if (first === 0x67 && line.startsWith('gc ')) counts.gc += matchString(line, 0, line.length, GC_SHAPE) > 0 ? 1 : 0
      else if (first === 0x73 && line.startsWith('scav ')) counts.scav += matchString(line, 0, line.length, SCAV_SHAPE) > 0 ? 1 : 0
    }
  }
  return {...counts, loopMs: Number(process.hrtime.bigint() - started) / 1e6}
}

async function bytes(file) {
  const counts = {design: 'bytes', lines: 0, gc: 0, scav: 0}
  const started = process.hrtime.bigint()
  let carry = null
  for await (const read of createReadStream(file, {highWaterMark: 64 << 10})) {
    const chunk = carry === null ? read : Buffer.concat([carry, read])
    carry = null
    let start = 0
    for (;;) {
      const end = chunk.indexOf(0x0a, start)
      if (end < 0) {
        carry = chunk.subarray(start)
        break
      }
      counts.lines++
      const first = chunk[start]
      if (first === 0x67 && chunk[start + 1] === 0x63 && chunk[start + 2] === 0x20) counts.gc += matchBytes(chunk, start, end, GC_SHAPE) > 0 ? 1 : 0
      else if (first === 0x73 && chunk[start + 1] === 0x63 && chunk[start + 2] === 0x61) counts.scav += matchBytes(chunk, start, end, SCAV_SHAPE) > 0 ? 1 : 0
      start = end + 1
    }
  }
  if (carry !== null && carry.length > 0) counts.lines++
  return {...counts, loopMs: Number(process.hrtime.bigint() - started) / 1e6}
}

const [file, only] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: node bench/floor.js FILE [strings|bytes]\n')
  process.exit(2)
}
for (const design of only === undefined ? [strings, bytes] : [only === 'bytes' ? bytes : strings]) process.stdout.write(JSON.stringify(await design(file)) + '\n')
