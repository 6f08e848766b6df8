// Lines of the scavenger, the part of the runtime that returns heap memory to the OS.
// Before Go 1.14 they came with gctrace=1 (`scvg…`); from 1.14 only with scavtrace=1 (`scav …`).
import P from 'parsimmon'

import {asciiBytes, END_OF_LINE, endOfLine, failureOf, fields, firstOf, flag, lineEndAt, optional, shapeToken, templateMatcherBytes, wholeLineTemplate} from './tokens.js'
import type {ScavengerReport} from './types.js'

/** The whole event, with placeholders (line 0, afterSeq null) that the reader fills in. */
export type ScavengerLineFields = ScavengerReport

type ScvgBody = Partial<ScavengerReport>

/** One report, every field in one order (one object shape for V8), from the parts the line gave. */
function report(shape: ScavengerReport['shape'], body: ScvgBody, suffix?: ScvgBody): ScavengerReport {
  return {
    kind: 'scavenger',
    shape: body.shape ?? shape,
    generation: body.generation ?? null,
    releasedKiB: body.releasedKiB ?? null,
    eagerKiB: body.eagerKiB ?? null,
    totalReleasedKiB: body.totalReleasedKiB ?? null,
    utilPercent: body.utilPercent ?? null,
    inuseMB: body.inuseMB ?? null,
    idleMB: body.idleMB ?? null,
    sysMB: body.sysMB ?? null,
    consumedMB: body.consumedMB ?? null,
    forced: suffix?.forced ?? body.forced ?? false,
    controllerReset: suffix?.controllerReset ?? false,
    afterSeq: null,
    spliced: false,
    line: 0,
    prefix: '',
    wallMs: null,
  }
}

// Every token is a template of the runtime's print arguments (tokens.ts shapeToken): numbers are
// read in place, and a line cut apart by other output is cut only between two of them.

// `512 MB released` (Go 1.13 sources also show `N KB released`).
const scvgReleased = firstOf(
  shapeToken('{n} MB released', (n): ScvgBody => ({releasedKiB: (n[0] as number) * 1024})),
  shapeToken('{n} KB released', (n): ScvgBody => ({releasedKiB: n[0] as number})),
)

// `inuse: 0, idle: 959, sys: 959, released: 447, consumed: 512 (MB)` — floor(MiB) of
// HeapInuse, HeapIdle, HeapSys, HeapReleased and sys − released.
const scvgSummary = shapeToken(
  'inuse: {n}, idle: {n}, sys: {n}, released: {n}, consumed: {n} (MB)',
  (n): ScvgBody => ({
    inuseMB: n[0] as number,
    idleMB: n[1] as number,
    sysMB: n[2] as number,
    totalReleasedKiB: (n[3] as number) * 1024,
    consumedMB: n[4] as number,
  }),
)

// Go ≤1.12: `scvg1: …`; debug.FreeOSMemory prints `scvg-1: …`.
const scvgGeneration = firstOf(
  shapeToken('scvg{n}: ', (n) => n[0] as number),
  shapeToken('scvg-{n}: ', (n) => -(n[0] as number)),
)
const scvgNumbered = fields(
  [['generation', scvgGeneration], ['body', firstOf(scvgReleased, scvgSummary)], endOfLine],
  (s: {generation: number; body: ScvgBody}): ScavengerReport => report('scvg', {...s.body, generation: s.generation, forced: s.generation === -1}),
)

// Go 1.13: `scvg: …`, and `forced scvg: …` from debug.FreeOSMemory.
const scvgUnnumbered = fields(
  [['forced', firstOf(flag('forced scvg: ', true), flag('scvg: ', false))], ['body', firstOf(scvgReleased, scvgSummary)], endOfLine],
  (s: {forced: boolean; body: ScvgBody}): ScavengerReport => report('scvg-1.13', {...s.body, forced: s.forced}),
)

/** Both words the runtime has used for the released total: `total` (1.14–1.20) and `now` (1.21+). */
function totalOrNow<T>(template: string, build: (n: Float64Array) => T): P.Parser<T> {
  return firstOf(shapeToken(template, build), shapeToken(template.replace(' KiB total', ' KiB now'), build))
}

// Go 1.21+: `0 KiB work (bg), 186960 KiB work (eager), 208712 KiB now, 9% util`
const scavBackgroundEager = totalOrNow('{n} KiB work (bg), {n} KiB work (eager), {n} KiB total, {n}% util', (n): ScvgBody => ({
  shape: 'scav-1.21',
  releasedKiB: (n[0] as number) + (n[1] as number),
  eagerKiB: n[1] as number,
  totalReleasedKiB: n[2] as number,
  utilPercent: n[3] as number,
}))

// Go 1.15–1.18: `12 1024 KiB work, 4096 KiB total, 97% util` (the scavenger's generation first).
const scavWithGeneration = totalOrNow('{n} {n} KiB work, {n} KiB total, {n}% util', (n): ScvgBody => ({
  shape: 'scav-gen',
  generation: n[0] as number,
  releasedKiB: n[1] as number,
  totalReleasedKiB: n[2] as number,
  utilPercent: n[3] as number,
}))

// Go 1.14, 1.19–1.20: `262352 KiB work, 265712 KiB total, 0% util`
const SCAV_PLAIN = '{n} KiB work, {n} KiB total, {n}% util'
const scavPlain = totalOrNow(SCAV_PLAIN, (n): ScvgBody => ({
  shape: 'scav',
  releasedKiB: n[0] as number,
  totalReleasedKiB: n[1] as number,
  utilPercent: n[2] as number,
}))

// ` (forced)` (debug.FreeOSMemory) or, from 1.18, ` [controller reset]`.
const scavSuffix = optional(firstOf<ScvgBody>(flag(' (forced)', {forced: true}), flag(' [controller reset]', {controllerReset: true})), {})

const scav = fields(
  // The common shape first: Go 1.14 and 1.19–1.20.
  [flag('scav ', true), ['body', firstOf(scavPlain, scavWithGeneration, scavBackgroundEager)], ['suffix', scavSuffix], endOfLine],
  (s: {body: ScvgBody; suffix: ScvgBody}): ScavengerReport => report('scav', s.body, s.suffix),
)

const SCAV_SUFFIXES = [' (forced)', ' [controller reset]'] as const
/** The report of a scav line's numbers (work, total, util) and suffix (scavLineNumbers): what scavengerLine gives for the line's text. */
export function scavReportOf(n: Float64Array, suffix: number): ScavengerLineFields {
  return report('scav', {releasedKiB: n[0] as number, totalReleasedKiB: n[1] as number, utilPercent: n[2] as number}, {forced: suffix === 0, controllerReset: suffix === 1})
}

// The Go 1.19–1.20 (and 1.14) line as one template: `scav` lines come every cycle or two.
const scavWholeLine = wholeLineTemplate(`scav ${SCAV_PLAIN}`, SCAV_SUFFIXES, scavReportOf)

/** A scavenger line of any era. */
export const scavengerLine: P.Parser<ScavengerLineFields> = firstOf(scavWholeLine.parser, scav, scvgNumbered, scvgUnnumbered)

/**
 * Whether the scav line in bytes[start, end) has the Go 1.14 / 1.19–1.20 layout, as scavengerLine
 * reads its text: -1 when nothing follows `% util`, 0 for ` (forced)`, 1 for ` [controller
 * reset]`, undefined for any other line. Its numbers (work, total, util) are in SCAV_LINE_NUMBERS
 * until the next call; scavReportOf makes them its report, and a reader may write them straight
 * into a table instead (ScavengerTable.pushScav).
 */
export function scavLineNumbers(bytes: Uint8Array, start: number, end: number): number | undefined {
  return scavWholeLine.matchNumbers(bytes, start, end)
}

/**
 * scavLineNumbers for a line starting at `start` whose end is not known yet (`done`: a newline at
 * or after the line's): the index of its newline when it is such a line (then scavLineSuffix()
 * is what scavLineNumbers gives), -1 when scavLineNumbers would say undefined.
 */
export function scavLineNewline(bytes: Uint8Array, start: number, done: number): number {
  return scavWholeLine.matchLineNumbers(bytes, start, done)
}

/** After scavLineNewline found a line: which suffix ended it (scavLineNumbers' answer). */
export function scavLineSuffix(): number {
  return scavWholeLine.suffix
}

/** Where scavLineNumbers leaves a line's numbers. */
export const SCAV_LINE_NUMBERS: Float64Array = scavWholeLine.numbers

const SCAV_WORD = 'scav '.length
const SCAV_SUFFIX_BYTES = SCAV_SUFFIXES.map(asciiBytes)
/** Every shape of the text after `scav `: where none matches, the grammar expects each there (taken from it, so as not to drift). */
const EXPECTED_AFTER_WORD = (() => {
  const failure = failureOf(scavengerLine, 'scav x')
  if (failure.furthest !== SCAV_WORD) throw new Error('scavenger-line: the grammar no longer fails `scav x` after its word')
  return failure.expected
})()
const scavBodies = [...new Set(EXPECTED_AFTER_WORD)].map((template) => templateMatcherBytes(template))
/** What the grammar expects where a Go 1.19 scav line is whole and other text follows it. */
const WHOLE_THEN_TEXT = Object.freeze([...SCAV_SUFFIXES, END_OF_LINE])
const scavPlainBytes = templateMatcherBytes(SCAV_PLAIN)

/**
 * What the text grammar makes of a `scav` line that other output cut: the head of one (CutHead119
 * in gc-line.ts says the same of gc lines, for the byte path's mender, mend-bytes.ts).
 *   - 'cut': no shape of the text after `scav ` matched, so every alternative stopped there
 *     (`furthest` 5), expecting each shape (`expected`, taken from the grammar);
 *   - 'whole': the Go 1.19 line matched up to `furthest` and other text follows, not starting
 *     with a space: the grammar expects a suffix or the end there, and whole() is the line so far;
 *   - undefined: anything else is left to the text path.
 * reading() reads a line made of the head cut at or after `furthest` and a tail, from `furthest`
 * on.
 */
export class CutScavHead {
  furthest = 0
  expected: readonly string[] = []
  private readonly numbers = new Float64Array(scavPlainBytes.slots)

  read(bytes: Uint8Array, start: number, end: number): 'cut' | 'whole' | undefined {
    if (bytes[start + 3] !== 0x76 || bytes[start + 4] !== 0x20) return undefined
    const from = start + SCAV_WORD
    const stop = scavPlainBytes.match(bytes, from, end, this.numbers, 0)
    if (stop >= 0) {
      if (stop === end || bytes[stop] === 0x20) return undefined
      this.furthest = stop - start
      this.expected = WHOLE_THEN_TEXT
      return 'whole'
    }
    for (const body of scavBodies) if (body.match(bytes, from, end, this.numbers, 0) >= 0) return undefined
    // The numbers a failed match left are not the line's: whole() is only for 'whole'.
    this.furthest = SCAV_WORD
    this.expected = EXPECTED_AFTER_WORD
    return 'cut'
  }

  whole(): ScavengerLineFields {
    return scavReportOf(this.numbers, -1)
  }

  /** As scavWholeLine reads the whole line (`scav ` is only a word, with no number in it). */
  reading(bytes: Uint8Array, start: number, end: number): ScavengerLineFields | undefined {
    const stop = scavPlainBytes.match(bytes, start, end, this.numbers, 0)
    if (stop < 0) return undefined
    const suffix = lineEndAt(bytes, stop, end, SCAV_SUFFIX_BYTES)
    return suffix === undefined ? undefined : scavReportOf(this.numbers, suffix)
  }
}
