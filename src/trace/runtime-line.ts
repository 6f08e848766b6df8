// Finds the runtime's text in a physical line and parses it with the grammar of its kind.
// The first bytes choose the grammar, so each line runs at most one of them.
import P from 'parsimmon'

import {gcLine} from './gc-line.js'
import {pacerLine} from './pacer-line.js'
import {scavengerLine} from './scavenger-line.js'
import {endOfLine, fields, flag} from './tokens.js'
import type {RuntimeEvent} from './types.js'

/** A parsed runtime line: the event, with the reader's fields (line, prefix, …) still placeholders. */
export type RuntimeLineFields = RuntimeEvent

/** Parsimmon's per-parser step function: the reply before .parse() dresses it. */
interface StepFunction<T> {
  _(input: string, i: number): {status: true; value: T} | {status: false; furthest: number; expected: string[]}
}

export type RuntimeParse = {ok: true; value: RuntimeLineFields} | RuntimeParseFailure
export interface RuntimeParseFailure {
  ok: false
  furthest: number
  expected: string[]
}

// `GC forced` — printed by forcegchelper just before the periodic cycle's gc line.
const periodicNotice = fields([flag('GC forced', true), endOfLine], (): RuntimeEvent => ({kind: 'periodic-notice', line: 0, prefix: '', wallMs: null}))

const grammars: Record<'cycle' | 'scavenger' | 'pacer' | 'periodicNotice', P.Parser<RuntimeEvent>> = {
  cycle: gcLine,
  scavenger: scavengerLine,
  pacer: pacerLine,
  periodicNotice,
}

const CHAR_g = 0x67
const CHAR_s = 0x73
const CHAR_p = 0x70
const CHAR_G = 0x47
const CHAR_f = 0x66
const CHAR_SPACE = 0x20
const CHAR_HASH = 0x23

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** The grammar for runtime text starting at `i`, or undefined when no runtime line starts there. */
function grammarAt(text: string, i: number): P.Parser<RuntimeLineFields> | undefined {
  switch (text.charCodeAt(i)) {
    case CHAR_g: {
      // `gc 12 @…` (1.5+) or `gc12(2): …` (1.3/1.4)
      if (text.charCodeAt(i + 1) !== 0x63) return undefined
      // At the start of a line, `gc ` alone may be the head of a line that other output cut
      // (`gc ` + `2026/11/25 … worker 0 …`); mid-line it needs its number to count.
      const next = text.charCodeAt(i + 2)
      const afterSpace = text.charCodeAt(i + 3)
      return (next === CHAR_SPACE && (i === 0 || isDigit(afterSpace) || afterSpace === CHAR_HASH)) || isDigit(next) ? grammars.cycle : undefined
    }
    case CHAR_s:
      return text.startsWith('scav ', i) || text.startsWith('scvg', i) ? grammars.scavenger : undefined
    case CHAR_f:
      return text.startsWith('forced scvg', i) ? grammars.scavenger : undefined
    case CHAR_p:
      return text.startsWith('pacer: ', i) ? grammars.pacer : undefined
    case CHAR_G:
      return text.startsWith('GC forced', i) ? grammars.periodicNotice : undefined
    default:
      return undefined
  }
}

// What runtime output starts with, as few needles as cover it: `sc` finds `scav ` and `scvg`
// (and `forced scvg`, 7 characters before its `scvg`). Every app line is searched for each.
const MARKERS = ['gc', 'sc', 'pacer: ', 'GC forced'] as const
const FORCED_SCVG_OFFSET = 'forced '.length

/** A letter, digit or `_`: a marker right after one is inside a word (`libgc 5`). */
function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f
}

/**
 * Index where runtime output starts in `text` — 0 for a bare line, later after a prefix such as
 * `Feb 26 13:56:33.456 ` — or -1. A marker inside a word (`libgc 5`) does not count.
 */
export function findRuntimeStart(text: string): number {
  if (grammarAt(text, 0) !== undefined) return 0
  let best = -1
  for (const marker of MARKERS) {
    let from = 1
    for (;;) {
      const found = text.indexOf(marker, from)
      if (found < 0 || (best >= 0 && found >= best)) break
      const i = marker === 'sc' && found >= FORCED_SCVG_OFFSET && text.startsWith('forced ', found - FORCED_SCVG_OFFSET) ? found - FORCED_SCVG_OFFSET : found
      if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && grammarAt(text, i) !== undefined) {
        best = i
        break
      }
      from = found + 1
    }
  }
  return best
}

/** Parses runtime text that starts at index 0 of `text`. */
export function parseRuntimeText(text: string): RuntimeParse {
  const grammar = grammarAt(text, 0)
  if (grammar === undefined) return {ok: false, furthest: 0, expected: []}
  // The parser's own step function rather than .parse(): on failure .parse() also builds a
  // line/column index of the input, which a one-line input never needs and which dominated
  // the cost of trying the cuts of a spliced line. Every grammar here ends in endOfLine.
  const reply = (grammar as unknown as StepFunction<RuntimeLineFields>)._(text, 0)
  if (reply.status) return {ok: true, value: reply.value}
  return {ok: false, furthest: reply.furthest, expected: reply.expected}
}

/** Why a parse failed, for the user: what was expected, and where. Worked out only for lines reported. */
export function failureReason(failure: RuntimeParseFailure): string {
  if (failure.expected.length === 0) return 'not runtime output'
  return `expected ${[...new Set(failure.expected)].map((e) => JSON.stringify(e)).join(' or ')} at column ${failure.furthest + 1}`
}

// Pieces of a runtime line that can stand on a line of their own once other output cut the line.
const RUNTIME_FRAGMENT = / MB goal| ms clock, | ms cpu, | KiB work|% util| MB stacks, /

/** A line with no runtime start that still holds part of a runtime line (its tail). */
export function isRuntimeFragment(text: string): boolean {
  return RUNTIME_FRAGMENT.test(text)
}

/** Whether the text before a marker reads as a prefix (timestamp, indentation, `// `) rather than prose. */
export function isPrefixLike(prefix: string): boolean {
  return prefix.length <= 120 && (/\d/.test(prefix) || /^[\s/#>*|:\-[\]]*$/.test(prefix))
}
