// Lines of GODEBUG=gcpacertrace=1: how the pacer planned and judged each cycle. Numbers keep the
// names the runtime prints (∆/Δ spelled "Delta"), so they can be read against the runtime source.
import {Buffer} from 'node:buffer'
import P from 'parsimmon'

import {asciiBytes, endOfLine, fields, firstOf, flag, FLOAT, num, token} from './tokens.js'
import type {PacerLine} from './types.js'

type PacerLineFields = Pick<PacerLine, 'shape' | 'values'>

// Go 1.18+: `25% CPU (25 exp.) for 442864+19112+466850 B work (466850 B exp.) in 4030464 B -> 4308992 B (∆goal 114688, cons/mark +0.000000e+000)`
// optionally followed by `[controller reset]`.
const cpuForm = token(
  new RegExp(
    String.raw`(\d+)% CPU \((\d+) exp\.\) for (\d+)\+(\d+)\+(\d+) B work \((\d+) B exp\.\) ` +
      String.raw`in (\d+) B -> (\d+) B \([∆Δ]goal (-?\d+), cons/mark (${FLOAT})\)( ?\[controller reset\])?`,
  ),
  'N% CPU (N exp.) for … B work',
  (m): PacerLineFields => cpuLine(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6), num(m, 7), num(m, 8), num(m, 9), num(m, 10), m[11] !== undefined),
)

/** The cpu form's fields in the order it prints them: the grammar's and the byte reader's value. */
function cpuLine(
  cpuPercent: number,
  expectedCpuPercent: number,
  heapScanWork: number,
  stackScanWork: number,
  globalsScanWork: number,
  expectedScanWork: number,
  triggered: number,
  heapLive: number,
  goalDelta: number,
  consMark: number,
  controllerReset: boolean,
): PacerLineFields {
  return {
    shape: 'cpu',
    values: {cpuPercent, expectedCpuPercent, heapScanWork, stackScanWork, globalsScanWork, expectedScanWork, triggered, heapLive, goalDelta, consMark, controllerReset: controllerReset ? 1 : 0},
  }
}

// Go 1.5–1.17, at cycle start: `assist ratio=+1.3e+000 (scan 1 MB in 4->4 MB) workers=2++0.000000e+000`
const assistRatio = token(
  new RegExp(String.raw`assist ratio=(${FLOAT}) \(scan (\d+) MB in (\d+)->(\d+) MB\) workers=(\d+)\+(${FLOAT})`),
  'assist ratio=…',
  (m): PacerLineFields => assistRatioLine(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6)),
)

/** The assist-ratio form's fields in the order it prints them (as cpuLine). */
function assistRatioLine(assistRatio: number, scanMB: number, heapLiveMB: number, goalMB: number, dedicatedWorkers: number, fractionalWorkers: number): PacerLineFields {
  return {shape: 'assist-ratio', values: {assistRatio, scanMB, heapLiveMB, goalMB, dedicatedWorkers, fractionalWorkers}}
}

// Go 1.5–1.17, at mark end: `H_m_prev=5369696 h_t=+4.918251e-001 H_T=6463218 … goalΔ=… actualΔ=… u_a/u_g=…`
const markEndPair = token(new RegExp(String.raw`([A-Za-z_/∆Δ]+)=(${FLOAT})`), 'name=value', (m) => [(m[1] ?? '').replace(/[∆Δ]/g, 'Delta'), num(m, 2)] as const)
const markEnd = fields(
  [P.lookahead('H_m_prev='), ['first', markEndPair], ['rest', flag(' ', true).then(markEndPair).many()]],
  (s: {first: readonly [string, number]; rest: (readonly [string, number])[]}): PacerLineFields => ({shape: 'mark-end', values: Object.fromEntries([s.first, ...s.rest])}),
)

// `sweep done at heap size 29MB; allocated 0MB of spans; swept 3752 pages at +6.183550e-004 pages/byte`
// (ardanlabs/gotraining, Go 1.7–1.9 era); Go ≤1.6 source prints no rate, later sources say
// `allocated NMB during sweep`.
const sweepDone = token(
  new RegExp(String.raw`sweep done at heap size (\d+)MB; allocated (-?\d+)MB (?:during sweep|of spans); swept (\d+) pages(?: at (${FLOAT}) pages/byte)?`),
  'sweep done at heap size …',
  (m): PacerLineFields => ({
    shape: 'sweep-done',
    values: {heapSizeMB: num(m, 1), allocatedDuringSweepMB: num(m, 2), pagesSwept: num(m, 3), ...(m[4] === undefined ? {} : {pagesPerByte: num(m, 4)})},
  }),
)

/** A pacer line of any era. */
export const pacerLine: P.Parser<PacerLine> = fields(
  [flag('pacer: ', true), ['line', firstOf(cpuForm, assistRatio, markEnd, sweepDone)], endOfLine],
  ({line}: {line: PacerLineFields}): PacerLine => pacerEvent(line),
)

function pacerEvent(line: PacerLineFields): PacerLine {
  return {kind: 'pacer', shape: line.shape, values: line.values, afterSeq: null, spliced: false, line: 0, prefix: '', wallMs: null}
}

// The two forms the pacer prints every cycle (cpu from Go 1.18, assist ratio before), read on a
// line's bytes (byte-lines.ts) with no decoding, regexp or parser steps: they are most of the
// lines a log with gcpacertrace=1 sends to the text path. The reader gives a value only for text
// the grammar reads to the same value, and undefined for anything else — another form, a cut
// line, a number it cannot read exactly — which the text path then reads as it always did.

/** Where the byte reader stands: past what it has read. */
let at = 0

/** Reads `text` at `at`. */
function literal(bytes: Uint8Array, end: number, text: Uint8Array): boolean {
  if (at + text.length > end) return false
  for (let c = 0; c < text.length; c++) if (bytes[at + c] !== text[c]) return false
  at += text.length
  return true
}

/**
 * Decimal digits at `at` (the grammar's `\d+`) as Number() reads them, or NaN. At most 15 digits,
 * so that the value, accumulated digit by digit, is exact, as Number()'s is.
 */
function digits(bytes: Uint8Array, end: number): number {
  const first = at
  let value = 0
  while (at < end) {
    const d = (bytes[at] as number) - 0x30
    if (d >>> 0 > 9) break
    value = value * 10 + d
    at++
  }
  return at === first || at - first > 15 ? Number.NaN : value
}

/** The grammar's `-?\d+`: a minus before `0` is -0, as Number('-0') is. */
function signedDigits(bytes: Uint8Array, end: number): number {
  if (bytes[at] !== MINUS) return digits(bytes, end)
  at++
  return -digits(bytes, end)
}

/** Powers of ten that a double holds exactly. */
const EXACT_POWERS = Array.from({length: 23}, (_, k) => Number(`1e${k}`))

/**
 * printfloat output (`+1.186906e+000`, the grammar's FLOAT without Inf and NaN) as Number() reads
 * it, or NaN. The digits, read as a whole number of at most 15 digits, and a power of ten up to
 * 1e22 are both exact doubles, so one multiplication or division rounds the value once, correctly,
 * as Number() must (Clinger's fast path); other numbers go to the text path.
 */
function float(bytes: Uint8Array, end: number): number {
  const sign = bytes[at]
  if (sign === PLUS || sign === MINUS) at++
  const first = at
  let mantissa = 0
  let point = -1
  while (at < end) {
    const c = bytes[at] as number
    if (c === DOT && point < 0) point = at
    else if ((c - 0x30) >>> 0 <= 9) mantissa = mantissa * 10 + (c - 0x30)
    else break
    at++
  }
  const figures = at - first - (point < 0 ? 0 : 1)
  // `\d+(\.\d+)?`: digits on both sides of a point.
  if (figures === 0 || figures > 15 || point === first || point === at - 1) return Number.NaN
  let exponent = point < 0 ? 0 : point + 1 - at
  if (at < end && bytes[at] === LETTER_E) {
    at++
    const negative = bytes[at] === MINUS
    if (negative || bytes[at] === PLUS) at++
    const power = digits(bytes, end)
    exponent += negative ? -power : power
  }
  if (!(Math.abs(exponent) <= 22)) return Number.NaN
  const value = exponent < 0 ? mantissa / (EXACT_POWERS[-exponent] as number) : mantissa * (EXACT_POWERS[exponent] as number)
  return sign === MINUS ? -value : value
}

const PLUS = 0x2b
const MINUS = 0x2d
const DOT = 0x2e
const LETTER_E = 0x65
const LETTER_A = 0x61
const SPACE = 0x20

const PACER = asciiBytes('pacer: ')
/** What the cpu form prints before each of its first eight numbers (whole, unsigned). */
const CPU_BEFORE = ['', '% CPU (', ' exp.) for ', '+', '+', ' B work (', ' B exp.) in ', ' B -> '].map((text) => asciiBytes(text))
const GOAL = [' B (∆goal ', ' B (Δgoal '].map((text) => Buffer.from(text, 'utf8'))
const CONS_MARK = asciiBytes(', cons/mark ')
const CPU_END = [')', ') [controller reset]', ')[controller reset]'].map((text) => asciiBytes(text))
/** What the assist-ratio form prints before each of its numbers; the first and last are floats. */
const ASSIST_BEFORE = ['assist ratio=', ' (scan ', ' MB in ', '->', ' MB) workers=', '+'].map((text) => asciiBytes(text))

/** The numbers of the line being read, in the order it prints them. */
const numbers = new Float64Array(10)

/** The numbers read are all there: NaN is what the readers say for one they cannot read. */
function allRead(count: number): boolean {
  for (let k = 0; k < count; k++) if (Number.isNaN(numbers[k])) return false
  return true
}

/** The cpu form from `at` to `end`, or undefined. */
function cpuFromBytes(bytes: Uint8Array, end: number): PacerLineFields | undefined {
  for (let k = 0; k < CPU_BEFORE.length; k++) {
    if (!literal(bytes, end, CPU_BEFORE[k] as Uint8Array)) return undefined
    numbers[k] = digits(bytes, end)
  }
  if (!literal(bytes, end, GOAL[0] as Uint8Array) && !literal(bytes, end, GOAL[1] as Uint8Array)) return undefined
  numbers[8] = signedDigits(bytes, end)
  if (!literal(bytes, end, CONS_MARK)) return undefined
  numbers[9] = float(bytes, end)
  // `)` ends the line, alone or before `[controller reset]`.
  const reset = end - at > 1
  const close = CPU_END[reset ? (bytes[at + 1] === SPACE ? 1 : 2) : 0] as Uint8Array
  if (!literal(bytes, end, close) || at !== end || !allRead(10)) return undefined
  const n = numbers
  return cpuLine(n[0] as number, n[1] as number, n[2] as number, n[3] as number, n[4] as number, n[5] as number, n[6] as number, n[7] as number, n[8] as number, n[9] as number, reset)
}

/** The assist-ratio form from `at` to `end`, or undefined. */
function assistRatioFromBytes(bytes: Uint8Array, end: number): PacerLineFields | undefined {
  const last = ASSIST_BEFORE.length - 1
  for (let k = 0; k <= last; k++) {
    if (!literal(bytes, end, ASSIST_BEFORE[k] as Uint8Array)) return undefined
    numbers[k] = k === 0 || k === last ? float(bytes, end) : digits(bytes, end)
  }
  if (at !== end || !allRead(last + 1)) return undefined
  const n = numbers
  return assistRatioLine(n[0] as number, n[1] as number, n[2] as number, n[3] as number, n[4] as number, n[5] as number)
}

/**
 * The pacer line in bytes[start, end) (its line end excluded, as the text path's line) as
 * pacerLine reads its text, when it is of the cpu or assist-ratio form; else undefined.
 */
export function pacerLineFromBytes(bytes: Uint8Array, start: number, end: number): PacerLine | undefined {
  at = start
  if (!literal(bytes, end, PACER)) return undefined
  const form = bytes[at] === LETTER_A ? assistRatioFromBytes(bytes, end) : cpuFromBytes(bytes, end)
  return form === undefined ? undefined : pacerEvent(form)
}
