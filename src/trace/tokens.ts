// Token parsers shared by the grammars over runtime output.
//
// Parsimmon's own P.regexp() matches against input.slice(i) for every token; on a 150-byte gc
// line read millions of times that slicing dominates. A sticky (/y) regexp matches in place at
// index i instead, so each token here is one RegExp.exec with no copy. Tokens are coarse — a
// whole field group such as `0.095+0.35+0.003 ms clock, ` is one token — because the runtime
// prints these groups with fixed separators and single spaces, and few large tokens are what
// parsimmon's own guide recommends for speed.
import P from 'parsimmon'

/** A parser for one sticky regexp; `build` turns the match into the token's value. */
export function token<T>(pattern: RegExp, description: string, build: (match: RegExpExecArray) => T): P.Parser<T> {
  const sticky = new RegExp(pattern.source, pattern.flags.includes('y') ? pattern.flags : pattern.flags + 'y')
  return P((input, i) => {
    sticky.lastIndex = i
    const match = sticky.exec(input)
    return match === null ? P.makeFailure(i, description) : P.makeSuccess(i + match[0].length, build(match))
  })
}

/** A literal piece of text the runtime always prints the same way. */
export function literal(text: string): P.Parser<string> {
  return P((input, i) =>
    input.startsWith(text, i) ? P.makeSuccess(i + text.length, text) : P.makeFailure(i, JSON.stringify(text)),
  )
}

/** Digits as the runtime's printuint/printint write them: plain decimal, optional sign. */
export const INT = String.raw`-?\d+`
/** fmtNSAsMS output: whole ms at ≥10 ms, otherwise two significant digits, at most 3 decimals. */
export const MS = String.raw`\d+(?:\.\d{1,3})?`
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

/** Optional trailing group: null when the era did not print it. */
export function optionalNum(match: RegExpExecArray, group: number): number | null {
  return match[group] === undefined ? null : num(match, group)
}
