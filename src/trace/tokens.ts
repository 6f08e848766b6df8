// Token parsers shared by the grammars over runtime output.
//
// Parsimmon's own P.regexp() matches against input.slice(i) for every token; on a 150-byte gc
// line read millions of times that slicing dominates. Tokens here match in place: most are
// templates of the runtime's print arguments (shapeToken), whose numbers are read as they are
// matched and whose write boundaries mending can find (writeBoundaries, mayContinue); the rest
// (pacer lines, the tail of Go 1.3/1.4 lines) are sticky (/y) regexps. Tokens are coarse — a
// whole field group such as `0.095+0.35+0.003 ms clock, ` is one token — because the runtime
// prints these groups with fixed separators and single spaces, and few large tokens are what
// parsimmon's own guide recommends for speed.
import P from 'parsimmon'

const NOTHING_EXPECTED: string[] = []

/**
 * A success reply, as P.makeSuccess makes it but sharing one empty `expected` list: a success
 * expects nothing, and allocating an array for that on every token of every line adds up.
 */
export function succeed<T>(index: number, value: T): P.Reply<T> {
  return {status: true, index, value, furthest: -1, expected: NOTHING_EXPECTED} as unknown as P.Reply<T>
}

/** A parser for one sticky regexp; `build` turns the match into the token's value. */
export function token<T>(pattern: RegExp, description: string, build: (match: RegExpExecArray) => T): P.Parser<T> {
  const sticky = new RegExp(pattern.source, pattern.flags.includes('y') ? pattern.flags : pattern.flags + 'y')
  return P((input, i) => {
    sticky.lastIndex = i
    const match = sticky.exec(input)
    return match === null ? P.makeFailure(i, description) : succeed(i + match[0].length, build(match))
  })
}

/**
 * A token written as the runtime prints it, numbers as slots: `{n}->{n}->{n} MB, `. Slots:
 * `{n}` digits; `{ms}` fmtNSAsMS output (digits, optionally `.` and 1–3 digits); `{s3}` digits,
 * `.`, exactly 3 digits (the `@N.NNNs` seconds). The numbers are read in place as the text is
 * matched — no regexp, no match array, no substrings — which is what the hottest tokens of a gc
 * line (nothing but numbers and fixed separators) need to keep up with a log at full speed.
 */
export function shapeToken<T>(template: string, build: (numbers: Float64Array) => T): P.Parser<T> {
  const shape = compileShape(template)
  SHAPES.set(template, shape)
  const numbers = new Float64Array(shape.slots)
  return P((input, i) => {
    const end = matchShape(input, i, shape, numbers)
    return end < 0 ? P.makeFailure(i, template) : succeed(end, build(numbers))
  })
}

/** A whole-line template's two faces: the parser over text, and the same match over a line's bytes. */
export interface WholeLineTemplate<T> {
  parser: P.Parser<T>
  /**
   * The value of the line held in `bytes[start, end)`, as `parser` gives it for that line's
   * text; undefined where the parser would fail. For the reader's byte path (byte-lines.ts): a
   * line read this way is never decoded.
   */
  matchBytes(bytes: Uint8Array, start: number, end: number): T | undefined
  /**
   * matchBytes without the value: which of the suffixes ended the line (-1 for none), or
   * undefined where the parser would fail; the numbers are then in `numbers` until the next
   * match. For a reader that writes them where they go (a gc line into its table).
   */
  matchNumbers(bytes: Uint8Array, start: number, end: number): number | undefined
  /**
   * matchNumbers for a line whose end is not known yet, found by the match itself: `done` is the
   * index of a newline at or after the line's (a chunk's last). The index of the line's newline
   * when matchNumbers would read the line (its suffix in `suffix`, and `\r\n` ending it as a
   * line splitter leaves it), -1 when it would say undefined. Saves finding the newline of every
   * gc and scav line apart (byte-lines.ts).
   */
  matchLineNumbers(bytes: Uint8Array, start: number, done: number): number
  /** After matchLineNumbers found a line: which of the suffixes ended it (-1 for none). */
  readonly suffix: number
  readonly numbers: Float64Array
}

/**
 * A whole line as one template, then at most one of `suffixes`, then the end of the text: the
 * common layouts of the most frequent lines, matched in one pass with no step between field
 * groups. `build` gets the numbers and which suffix came (-1 for none). The parser reports a
 * failure at `i` as the template, so the field-group grammar tried after it says where a cut line
 * stopped.
 */
export function wholeLineTemplate<T>(template: string, suffixes: readonly string[], build: (numbers: Float64Array, suffix: number) => T): WholeLineTemplate<T> {
  const shape = compileShape(template)
  SHAPES.set(template, shape)
  if (/[\r\n]/.test(suffixes.join(''))) throw new Error(`tokens: a line's suffix holds a line end: ${JSON.stringify(suffixes)}`)
  const numbers = new Float64Array(shape.slots)
  const suffixBytes = suffixes.map(asciiBytes)
  const parser = P((input, i) => {
    const end = matchShape(input, i, shape, numbers)
    if (end < 0) return P.makeFailure(i, template)
    if (end === input.length) return succeed(end, build(numbers, -1))
    for (let s = 0; s < suffixes.length; s++) {
      const suffix = suffixes[s] as string
      if (end + suffix.length === input.length && input.endsWith(suffix)) return succeed(input.length, build(numbers, s))
    }
    return P.makeFailure(i, template)
  })
  const matchNumbers = (bytes: Uint8Array, start: number, lineEnd: number): number | undefined => {
    const end = shape.bytes(bytes, start, lineEnd, numbers, 0)
    return end < 0 ? undefined : lineEndAt(bytes, end, lineEnd, suffixBytes)
  }
  const matchBytes = (bytes: Uint8Array, start: number, lineEnd: number): T | undefined => {
    const suffix = matchNumbers(bytes, start, lineEnd)
    return suffix === undefined ? undefined : build(numbers, suffix)
  }
  const found = {
    parser,
    matchBytes,
    matchNumbers,
    numbers,
    suffix: -1,
    matchLineNumbers(bytes: Uint8Array, start: number, done: number): number {
      // No template holds a newline or a `\r`, so the match stops at the line's end at the latest,
      // where matchNumbers, given that end, stops too; bytes[done] is a newline, so it reads no further.
      const at = shape.bytesToLineEnd(bytes, start, done, numbers, 0)
      if (at < 0) return -1
      // Nearly always the line ends where the template does; else its end is found, and what
      // follows the template is read as matchNumbers reads it.
      let newline = at
      if (bytes[at] === CR && at < done) newline++
      if (bytes[newline] !== NL) newline = bytes.indexOf(NL, at)
      const suffix = lineEndAt(bytes, at, endBeforeCr(bytes, at, newline), suffixBytes)
      if (suffix === undefined) return -1
      found.suffix = suffix
      return newline
    },
  }
  return found
}

const NL = 0x0a
const CR = 0x0d

/** Where the line from `start` whose newline is at `newline` ends: before a `\r` that ends it, as splitLines takes `\r\n`. */
export function endBeforeCr(bytes: Uint8Array, start: number, newline: number): number {
  return newline > start && bytes[newline - 1] === CR ? newline - 1 : newline
}

/** The bytes of ASCII text (a template's literal, a suffix). */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0))
}

/**
 * How a whole line's bytes end after its template matched up to `at`: -1 when the line ends
 * there, the index of the one of `suffixes` that is all the rest of it, or undefined when the rest
 * is anything else (wholeLineTemplate's matchBytes, and the byte path's mender reading a line
 * from where a cut head stopped).
 */
export function lineEndAt(bytes: Uint8Array, at: number, end: number, suffixes: readonly Uint8Array[]): number | undefined {
  if (at === end) return -1
  for (let s = 0; s < suffixes.length; s++) {
    const suffix = suffixes[s] as Uint8Array
    if (at + suffix.length !== end) continue
    let same = true
    for (let c = 0; c < suffix.length && same; c++) same = bytes[at + c] === suffix[c]
    if (same) return s
  }
  return undefined
}

/**
 * Where `parser` fails on `input` and what it expected there; throws if it does not fail. For
 * code that must answer as the grammar does without running it (the byte path's mender): the
 * answer is taken from the grammar once, so that the two cannot drift.
 */
export function failureOf(parser: P.Parser<unknown>, input: string): {furthest: number; expected: readonly string[]} {
  const reply = stepOf(parser)._(input, 0)
  if (reply.status) throw new Error(`tokens: the grammar reads ${JSON.stringify(input)}`)
  return {furthest: reply.furthest, expected: Object.freeze([...reply.expected])}
}

/**
 * Where a shapeToken's `template` ends when matched in `input` at `i`, or -1: the token's match
 * without building its value, for a caller that only needs to know how far a line goes.
 */
export function templateMatcher(template: string): (input: string, i: number) => number {
  const shape = SHAPES.get(template)
  if (shape === undefined) throw new Error(`no shapeToken for ${JSON.stringify(template)}`)
  const numbers = new Float64Array(shape.slots)
  return (input, i) => matchShape(input, i, shape, numbers)
}

/**
 * A shapeToken's or whole-line template's match over bytes[i, end), its numbers written to
 * `out` from `first` on: for a caller that reads a line in pieces and keeps the numbers of all of
 * them (the byte path's mender, gc-line.ts CutHead119). Returns where the match ends, or -1.
 */
export function templateMatcherBytes(template: string): {slots: number; match: Shape['bytes']} {
  const shape = SHAPES.get(template)
  if (shape === undefined) throw new Error(`no shapeToken for ${JSON.stringify(template)}`)
  const {bytes: bounded, bytesToLineEnd} = shape
  // With a line's end after the bytes (as in a chunk, or the mender's joined line), no bound is checked.
  return {slots: shape.slots, match: (bytes, i, end, out, first) => (endsLine(bytes, end) ? bytesToLineEnd(bytes, i, end, out, first) : bounded(bytes, i, end, out, first))}
}

/** Registers a template that no parser uses, for templateMatcherBytes. */
export function byteTemplate(template: string): void {
  if (!SHAPES.has(template)) SHAPES.set(template, compileShape(template))
}

/** Every shapeToken's template, by the text a failure reports as expected. */
const SHAPES = new Map<string, Shape>()

const LITERAL = 0
const DIGITS = 1 // {n}
const MILLIS = 2 // {ms}
const SECONDS = 3 // {s3}

/** A template as flat arrays (piece kinds, and the literal text's char codes), so matching is one monomorphic loop. */
export interface Shape {
  kinds: Uint8Array
  /** For each piece: where its literal char codes start in `codes`, and how many. */
  starts: Uint16Array
  lengths: Uint16Array
  codes: Uint16Array
  slots: number
  /** matchShape over bytes[start, end), the numbers written from out[first] on (compileBytesMatcher). */
  bytes(bytes: Uint8Array, start: number, end: number, out: Float64Array, first: number): number
  /** bytes() where bytes[end] ends a line (endsLine): no bound checked (compileBytesMatcher's `toLineEnd`). */
  bytesToLineEnd(bytes: Uint8Array, start: number, end: number, out: Float64Array, first: number): number
}

/**
 * Whether the byte at `end` is a line's end — a `\n` or a `\r`, or none, past the bytes — which no
 * template holds: a match up to it needs no bound (Shape's bytesToLineEnd).
 */
function endsLine(bytes: Uint8Array, end: number): boolean {
  return end >= bytes.length || bytes[end] === 0x0a || bytes[end] === 0x0d
}

function compileShape(template: string): Shape {
  const parts = template.split(/(\{n\}|\{ms\}|\{s3\})/).filter((part) => part !== '')
  const kinds = new Uint8Array(parts.length)
  const starts = new Uint16Array(parts.length)
  const lengths = new Uint16Array(parts.length)
  const codes: number[] = []
  let slots = 0
  parts.forEach((part, p) => {
    const kind = part === '{n}' ? DIGITS : part === '{ms}' ? MILLIS : part === '{s3}' ? SECONDS : LITERAL
    kinds[p] = kind
    if (kind === LITERAL) {
      starts[p] = codes.length
      lengths[p] = part.length
      for (let c = 0; c < part.length; c++) codes.push(part.charCodeAt(c))
    } else slots++
  })
  const pieces = {kinds, starts, lengths, codes: Uint16Array.from(codes), slots}
  if (/[\r\n]/.test(template)) throw new Error(`tokens: a template holds a line end: ${JSON.stringify(template)}`)
  return {...pieces, bytes: compileBytesMatcher(pieces), bytesToLineEnd: compileBytesMatcher(pieces, true)}
}

/** Where the shape ends in `input` from `start`, writing its numbers to `out`; -1 when it does not match. */
function matchShape(input: string, start: number, shape: Shape, out: Float64Array): number {
  const {kinds, starts, lengths, codes} = shape
  let k = start
  let count = 0
  for (let p = 0; p < kinds.length; p++) {
    const kind = kinds[p] as number
    if (kind === LITERAL) {
      const from = starts[p] as number
      const length = lengths[p] as number
      for (let c = 0; c < length; c++) if (input.charCodeAt(k + c) !== codes[from + c]) return -1
      k += length
      continue
    }
    let c = input.charCodeAt(k)
    if (!(c >= 0x30 && c <= 0x39)) return -1
    let whole = 0
    while (c >= 0x30 && c <= 0x39) {
      whole = whole * 10 + (c - 0x30)
      c = input.charCodeAt(++k)
    }
    let scale = 1
    if (kind !== DIGITS && c === 0x2e) {
      let decimals = 0
      c = input.charCodeAt(++k)
      while (c >= 0x30 && c <= 0x39) {
        whole = whole * 10 + (c - 0x30)
        scale *= 10
        decimals++
        c = input.charCodeAt(++k)
      }
      if (decimals === 0 || decimals > 3 || (kind === SECONDS && decimals !== 3)) return -1
    } else if (kind === SECONDS) return -1
    // One correctly rounded division of exact integers: the same double as Number(text).
    out[count++] = whole / scale
  }
  return k
}

/**
 * matchShape over bytes[start, end), written out as straight-line code for that one template
 * when it is compiled: each literal's bytes compared as constants, each slot's digits read in
 * place, with matchShape's pieces, numbers and limits (every template is ASCII, so a line with
 * any other byte fails here and is decoded instead). An interpreter over the pieces, as
 * matchShape is, took ~310 ns a Go 1.19 gc line's bytes, this ~225 (docs/benchmarks.md, item
 * 16); it is the hottest code of a parse of a file. Over text the same code was slower than
 * matchShape (1,045 against 739 ns a gc line cut out of a stamped line), so text keeps it.
 *
 * `toLineEnd`: for bytes where a line end (a `\n` or `\r`, or the end of the bytes) follows
 * what is matched (endsLine: a line in its chunk, found as it is matched), with no bound checked
 * at all: no template holds either, so a literal differs and a number ends there at the latest,
 * and nothing past it is read. A byte's bound checked was
 * a compare and a branch a byte of the line.
 */
function compileBytesMatcher({kinds, starts, lengths, codes}: Omit<Shape, 'bytes' | 'bytesToLineEnd'>, toLineEnd = false): Shape['bytes'] {
  const lines: string[] = []
  let slot = 0
  for (let p = 0; p < kinds.length; p++) {
    const kind = kinds[p] as number
    if (kind === LITERAL) {
      const literal = codes.subarray(starts[p], (starts[p] as number) + (lengths[p] as number))
      const differs = [...literal].map((code, c) => `b[k + ${c}] !== ${code}`).join(' || ')
      lines.push(`if (${toLineEnd ? '' : `k + ${literal.length} > end || `}${differs}) return -1; k += ${literal.length};`)
      continue
    }
    lines.push(numberCode(kind, `out[first + ${slot++}]`, toLineEnd))
  }
  // The template is ours (a literal in gc-line.ts, scavenger-line.ts, …) and becomes only number
  // literals in the code: nothing from the input reaches the generated source.
  return new Function('b', 'k', 'end', 'out', 'first', `let c = 0; let w = 0; let d = 0; let scale = 1;\n${lines.join('\n')}\nreturn k;`) as Shape['bytes']
}

/** One slot's code: matchShape's number over bytes[k, end) (`toLineEnd`: up to a line end, see compileBytesMatcher), written to `out`. */
function numberCode(kind: number, out: string, toLineEnd: boolean): string {
  // Past the bytes (no bound checked) b[k] is undefined: `| 0` makes it 0, which is no digit nor `.`.
  const read = toLineEnd ? 'b[k] | 0' : 'k < end ? b[k] : -1'
  const next = toLineEnd ? 'b[++k] | 0' : '++k < end ? b[k] : -1'
  // A digit in one unsigned compare: a byte below `0` wraps around to far above 9.
  const isDigit = '(c - 0x30) >>> 0 < 10'
  const digits = `c = ${read}; if (!(${isDigit})) return -1; w = c - 0x30; c = ${next}; while (${isDigit}) { w = w * 10 + (c - 0x30); c = ${next}; }`
  if (kind === DIGITS) return `${digits} ${out} = w;`
  const decimals = `scale = 1; d = 0; c = ${next}; while (${isDigit}) { w = w * 10 + (c - 0x30); scale *= 10; d++; c = ${next}; }`
  if (kind === SECONDS) return `${digits} if (c !== 0x2e) return -1; ${decimals} if (d !== 3) return -1; ${out} = w / scale;`
  return `${digits} scale = 1; if (c === 0x2e) { ${decimals} if (d === 0 || d > 3) return -1; } ${out} = w / scale;`
}

/** Digits as the runtime's printuint/printint write them: plain decimal, optional sign. */
export const INT = String.raw`-?\d+`
/** printfloat output: ±d.dddddde±ddd, or NaN/±Inf. Some pacer fields are ints in old releases. */
export const FLOAT = String.raw`[+-]?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Inf)|NaN`

/** The numeric value of a captured group; the grammar guarantees it is there. */
export function num(match: RegExpExecArray, group: number): number {
  const text = match[group]
  if (text === undefined) return Number.NaN
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  return Number(text)
}

// Combinators for the line grammars. Parsimmon's own seqObj, alt, map and fallback merge the
// "expected" lists of every step into a new sorted array (parsimmon's union), even on success;
// on a million lines that bookkeeping cost more than the matching. These keep the Parsimmon
// parser protocol — they are Parsimmon parsers, built from Parsimmon parsers — but pass replies
// through untouched: a failure reports the step that failed, which is all a line grammar needs.

type Step<T> = {_(input: string, i: number): P.Reply<T> & {furthest: number; expected: string[]}}
const stepOf = <T>(parser: P.Parser<T>) => parser as unknown as Step<T>

/** A step of `fields`: a named field group, or a parser whose value is not kept. */
export type FieldPart = readonly [string, P.Parser<unknown>] | P.Parser<unknown>

/** Field groups in order, like P.seqObj; `build` turns the named values into the result. */
export function fields<T, R>(parts: readonly FieldPart[], build: (values: T) => R): P.Parser<R> {
  const names = parts.map((part) => (Array.isArray(part) ? (part[0] as string) : null))
  const steps = parts.map((part) => stepOf(Array.isArray(part) ? (part[1] as P.Parser<unknown>) : (part as P.Parser<unknown>)))
  return P((input, i) => {
    const values: Record<string, unknown> = {}
    let index = i
    // What an optional step expected where it gave up: a later failure at the same place
    // expected that too (`0 MB stacks, ` + app text fails in stacks, then in procs).
    let passed: {furthest: number; expected: string[]} | undefined
    for (let j = 0; j < steps.length; j++) {
      const reply = (steps[j] as Step<unknown>)._(input, index)
      if (!reply.status) {
        if (passed === undefined || passed.furthest < reply.furthest) return reply as unknown as P.Reply<R>
        if (passed.furthest > reply.furthest) return P.makeFailure(passed.furthest, passed.expected) as P.Reply<R>
        return P.makeFailure(reply.furthest, [...passed.expected, ...reply.expected]) as P.Reply<R>
      }
      if (reply.furthest >= 0) passed = reply
      else if (passed !== undefined && reply.index > passed.furthest) passed = undefined
      const name = names[j]
      if (name !== null && name !== undefined) values[name] = reply.value
      index = reply.index
    }
    return succeed(index, build(values as T))
  })
}

/** The first alternative that matches, like P.alt; when none does, the failure that got furthest. */
export function firstOf<T>(...alternatives: P.Parser<T>[]): P.Parser<T> {
  const steps = alternatives.map((parser) => stepOf(parser))
  return P<T>((input, i) => {
    let failure: (P.Reply<T> & {furthest: number; expected: string[]}) | undefined
    for (const step of steps) {
      const reply = step._(input, i)
      if (reply.status) return reply
      // Alternatives that stopped at the same place all say what they expected there.
      if (failure !== undefined && reply.furthest === failure.furthest) failure = {...failure, expected: [...failure.expected, ...reply.expected]}
      else if (failure === undefined || reply.furthest > failure.furthest) failure = reply
    }
    return failure ?? P.makeFailure(i, 'an alternative')
  })
}

/** `parser`'s value, or `otherwise` without consuming anything, like .fallback(). */
export function optional<T, D>(parser: P.Parser<T>, otherwise: D): P.Parser<T | D> {
  const step = stepOf(parser)
  return P<T | D>((input, i) => {
    const reply = step._(input, i)
    if (reply.status) return reply as P.Reply<T | D>
    // A success that remembers what it gave up on, as parsimmon's own replies do.
    return {status: true, index: i, value: otherwise, furthest: reply.furthest, expected: reply.expected} as unknown as P.Reply<T | D>
  })
}

/** What `endOfLine` reports as expected: a cut can be only where it stopped, and nothing may follow it. */
export const END_OF_LINE = 'end of line'

/** The end of the line's runtime text. */
export const endOfLine: P.Parser<null> = P((input, i) => (i === input.length ? succeed(i, null) : P.makeFailure(i, END_OF_LINE)))

/** A literal that stands for a value (` (forced)` → true); a template with no slots, so cuts inside it are known. */
export function flag<T>(text: string, value: T): P.Parser<T> {
  return shapeToken(text, () => value)
}

/**
 * A place where runtime text cut by other output can have been cut, and where in the runtime's
 * print arguments it stood: the tail of the line must go on from there (see mayContinue).
 */
export interface CutPoint {
  at: number
  /** The template the cut fell in; null for a cut where the line had to end. */
  shape: Shape | null
  /** The template piece the tail goes on with. */
  piece: number
  /** That piece is a number already begun before the cut: the tail may add digits or none. */
  inNumber: boolean
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/**
 * Whether `next` (the tail's text) can go on from `cut`: it must match the rest of the cut's
 * template, or end inside it (a line cut again). Checking the tail this far, rather than parsing
 * head + tail for every place the head could have been cut, is what makes mending cheap: nearly
 * every wrong place fails within a few characters.
 */
export function mayContinue(cut: CutPoint, next: string): boolean {
  const {shape} = cut
  if (shape === null) return next === ''
  // A line that ended with the head (app text ended it): only where the template ends. Every
  // head is tried this way, at each of its cuts, before its tail comes.
  if (next === '') return cut.piece + (cut.inNumber ? 1 : 0) >= shape.kinds.length
  const {kinds, starts, lengths, codes} = shape
  let k = 0
  let p = cut.piece
  if (cut.inNumber) {
    let c = next.charCodeAt(k)
    while (isDigit(c)) c = next.charCodeAt(++k)
    if (kinds[p] !== DIGITS && c === 0x2e) {
      c = next.charCodeAt(++k)
      while (isDigit(c)) c = next.charCodeAt(++k)
    }
    p++
  }
  for (; p < kinds.length; p++) {
    if (k >= next.length) return true
    if (kinds[p] === LITERAL) {
      const from = starts[p] as number
      const length = lengths[p] as number
      for (let c = 0; c < length; c++) {
        if (k + c >= next.length) return true
        if (next.charCodeAt(k + c) !== codes[from + c]) return false
      }
      k += length
      continue
    }
    let c = next.charCodeAt(k)
    if (!isDigit(c)) return false
    while (isDigit(c)) c = next.charCodeAt(++k)
    if (kinds[p] !== DIGITS && c === 0x2e) {
      c = next.charCodeAt(++k)
      while (isDigit(c)) c = next.charCodeAt(++k)
    }
  }
  return true
}

/**
 * Where runtime text cut by other output can have been cut, when parsing stopped at `from`
 * expecting one of `expected`: the runtime writes each print argument — a number, a separator —
 * with one write(2), so a cut falls only between two of them. Walks each expected token's
 * template over `text` from `from` and returns the positions after each whole piece (after each
 * digit, for a number whose end is hidden in digits that follow), each with where the tail must
 * go on. Undefined when an expected token is not a template (then every position must be tried).
 */
export function writeBoundaries(expected: readonly string[], text: string, from: number): CutPoint[] | undefined {
  const cuts: CutPoint[] = []
  for (const template of expected) {
    if (template === END_OF_LINE) {
      cuts.push({at: from, shape: null, piece: 0, inNumber: false})
      continue
    }
    const shape = SHAPES.get(template)
    if (shape === undefined) return undefined
    boundariesOf(shape, text, from, cuts)
  }
  return cuts
}

function boundariesOf(shape: Shape, text: string, from: number, cuts: CutPoint[]): void {
  const {kinds, starts, lengths, codes} = shape
  cuts.push({at: from, shape, piece: 0, inNumber: false})
  let k = from
  for (let p = 0; p < kinds.length; p++) {
    const kind = kinds[p] as number
    if (kind === LITERAL) {
      const length = lengths[p] as number
      for (let c = 0; c < length; c++) if (text.charCodeAt(k + c) !== codes[(starts[p] as number) + c]) return
      k += length
      cuts.push({at: k, shape, piece: p + 1, inNumber: false})
      continue
    }
    let c = text.charCodeAt(k)
    if (!isDigit(c)) return
    while (isDigit(c)) {
      k++
      // Inside a number: more digits, its decimals, or what follows the number.
      if (kind !== SECONDS) cuts.push({at: k, shape, piece: p, inNumber: true})
      c = text.charCodeAt(k)
    }
    if (kind !== DIGITS && c === 0x2e) {
      let decimals = 0
      c = text.charCodeAt(++k)
      while (isDigit(c) && decimals < 3) {
        k++
        decimals++
        if (kind === MILLIS || decimals === 3) cuts.push({at: k, shape, piece: decimals < 3 ? p : p + 1, inNumber: decimals < 3})
        c = text.charCodeAt(k)
      }
      if (decimals === 0 || (kind === SECONDS && decimals !== 3)) return
    } else if (kind === SECONDS) return
  }
}

/**
 * The templates of `expected` (what a failure reports), for cutsBeforeTail: resolved once per
 * list, not once per cut line. Undefined when one is not a template (then every position must be
 * tried, which only the text path does).
 */
export function templateShapes(expected: readonly string[]): readonly Shape[] | undefined {
  const shapes = expected.map((template) => SHAPES.get(template))
  return shapes.every((shape) => shape !== undefined) ? (shapes as Shape[]) : undefined
}

/**
 * writeBoundaries, then mayContinue for each boundary, over bytes: the positions in the head,
 * head[headStart, headEnd), where a line that stopped at `from` expecting the templates `shapes`
 * (templateShapes) can have been cut so that tail[tailStart, tailEnd) goes on from there —
 * ascending, each once, as the reader's cutsToTry gives them from the text; `from` and the
 * positions count from headStart (the head is a view of the chunk it came in). Written to `out` with
 * no object per boundary: the byte path's mender (mend-bytes.ts) asks this for every cut line.
 * False for an empty tail (the text path decides). Mirrors boundariesOf and mayContinue over
 * text, as the compiled byte matchers mirror matchShape, and for the same reason.
 */
export function cutsBeforeTail(shapes: readonly Shape[], head: Uint8Array, headStart: number, from: number, headEnd: number, tail: Uint8Array, tailStart: number, tailEnd: number, out: number[]): boolean {
  // Emptied by pop, which keeps the array's backing store: `length = 0` drops it, and the first
  // cut of every head would allocate a new one.
  while (out.length > 0) out.pop()
  if (tailEnd <= tailStart) return false
  let ascending = true
  for (const shape of shapes) {
    const before = out.length
    boundariesOfBytes(shape, head, headStart, headStart + from, headEnd, tail, tailStart, tailEnd, out)
    if (before > 0 && out.length > before) ascending = false
  }
  if (!ascending) out.sort((a, b) => a - b)
  return true
}

/**
 * boundariesOf over bytes, keeping only the cuts from which the tail goes on (mayContinueBytes); a
 * cut is tested once per template piece. `from` is a place in `head`; the cuts count from `origin`.
 */
function boundariesOfBytes(shape: Shape, head: Uint8Array, origin: number, from: number, end: number, tail: Uint8Array, tailStart: number, tailEnd: number, out: number[]): void {
  const {kinds, starts, lengths, codes} = shape
  // Whether the tail goes on depends on the piece and on being inside a number, not on where.
  // `opens`: whether it goes on from before piece p, where p follows a literal (or is the first).
  let opens = opensAt(shape, 0, tail, tailStart, tailEnd)
  if (opens) addCut(out, from - origin)
  const first = tail[tailStart] as number
  let k = from
  let continues = false
  for (let p = 0; p < kinds.length; p++) {
    const kind = kinds[p] as number
    if (kind === LITERAL) {
      const length = lengths[p] as number
      if (k + length > end) return
      for (let c = 0; c < length; c++) if (head[k + c] !== codes[(starts[p] as number) + c]) return
      k += length
      opens = opensAt(shape, p + 1, tail, tailStart, tailEnd)
      if (opens) addCut(out, k - origin)
      continue
    }
    let c = k < end ? (head[k] as number) : -1
    if (!isDigit(c)) return
    // Inside a number, a tail that starts with a digit reads on exactly as it reads the number
    // from its start (the answer before it); one that starts with no digit (nor the number's `.`)
    // goes on as from what follows the number: one answer for both, asked once (-1: not yet).
    let next = -1
    if (kind === SECONDS) continues = false
    else if (isDigit(first)) continues = p === 0 || kinds[p - 1] === LITERAL ? opens : mayContinueBytes(shape, p, true, tail, tailStart, tailEnd)
    else if (first === 0x2e && kind !== DIGITS) continues = mayContinueBytes(shape, p, true, tail, tailStart, tailEnd)
    else continues = (next = +opensAt(shape, p + 1, tail, tailStart, tailEnd)) === 1
    while (isDigit(c)) {
      k++
      if (continues) addCut(out, k - origin)
      c = k < end ? (head[k] as number) : -1
    }
    if (kind !== DIGITS && c === 0x2e) {
      let decimals = 0
      c = ++k < end ? (head[k] as number) : -1
      while (isDigit(c) && decimals < 3) {
        k++
        decimals++
        if (decimals < 3 ? kind === MILLIS && continues : (next === -1 ? (next = +opensAt(shape, p + 1, tail, tailStart, tailEnd)) : next) === 1) addCut(out, k - origin)
        c = k < end ? (head[k] as number) : -1
      }
      if (decimals === 0 || (kind === SECONDS && decimals !== 3)) return
    } else if (kind === SECONDS) return
  }
}

/**
 * mayContinueBytes before piece `p` (not inside a number). The tail's first byte must begin the
 * piece: most pieces fail there, and are told so without the walk.
 */
function opensAt(shape: Shape, p: number, tail: Uint8Array, start: number, end: number): boolean {
  if (p < shape.kinds.length) {
    const first = tail[start] as number
    if (shape.kinds[p] !== LITERAL) {
      if (!isDigit(first)) return false
    } else {
      // A literal's first two bytes: most pieces start with a space, and their second byte tells them apart.
      const at = shape.starts[p] as number
      if (first !== shape.codes[at] || ((shape.lengths[p] as number) > 1 && start + 1 < end && tail[start + 1] !== shape.codes[at + 1])) return false
    }
  }
  return mayContinueBytes(shape, p, false, tail, start, end)
}

/** A cut once, and only after some of the head (≥ 1): cutsToTry keeps the first of several boundaries at one place. */
function addCut(out: number[], at: number): void {
  if (at >= 1 && !out.includes(at)) out.push(at)
}

/** mayContinue over a tail of bytes that is not empty. */
function mayContinueBytes(shape: Shape, piece: number, inNumber: boolean, tail: Uint8Array, start: number, end: number): boolean {
  const {kinds, starts, lengths, codes} = shape
  let k = start
  let p = piece
  if (inNumber) {
    k = numberEnd(tail, k, end, kinds[p] !== DIGITS)
    p++
  }
  for (; p < kinds.length; p++) {
    if (k >= end) return true
    if (kinds[p] === LITERAL) {
      const from = starts[p] as number
      const length = lengths[p] as number
      for (let c = 0; c < length; c++) {
        if (k + c >= end) return true
        if (tail[k + c] !== codes[from + c]) return false
      }
      k += length
      continue
    }
    if (!isDigit(tail[k] as number)) return false
    k = numberEnd(tail, k, end, kinds[p] !== DIGITS)
  }
  return true
}

/** Where digits from `k` end — and their decimals, when `decimals` allows a `.` — within bytes[…, end). */
function numberEnd(bytes: Uint8Array, k: number, end: number, decimals: boolean): number {
  while (k < end && isDigit(bytes[k] as number)) k++
  if (decimals && k < end && bytes[k] === 0x2e) {
    k++
    while (k < end && isDigit(bytes[k] as number)) k++
  }
  return k
}
