// The per-cycle line that GODEBUG=gctrace=1 prints, in every era the runtime has printed it.
// One named parser per field group; each comment quotes the group as the runtime prints it.
// Sources of the layouts: docs/formats.md (runtime source of each version, and real lines).
import P from 'parsimmon'

import {asciiBytes, byteTemplate, END_OF_LINE, endOfLine, failureOf, fields, firstOf, flag, INT, lineEndAt, num, optional, shapeToken, templateMatcher, templateMatcherBytes, token, wholeLineTemplate, type WholeLineTemplate} from './tokens.js'
import type {GcCycle} from './types.js'

/**
 * The grammar builds the whole event, with placeholders (line 0, trigger 'heap', …) that the
 * reader fills in: one object of one shape per line, no copies.
 */
export type GcLineFields = GcCycle

interface Phases {
  clockMs: GcCycle['clockMs']
  cpuMs: NonNullable<GcCycle['cpuMs']>
  extraPhasesMs: Record<string, number> | null
  fivePhases: boolean
}

/** What the grammar reads of a cycle; the rest are the reader's placeholders. */
type ReadFields = Omit<GcCycle, 'kind' | 'trigger' | 'spliced' | 'line' | 'prefix' | 'wallMs'>

/** The event with the reader's placeholders, every field in one order (one object shape for V8, one key order in JSON). */
function newCycle(f: ReadFields): GcLineFields {
  return {
    kind: 'cycle',
    shape: f.shape,
    seq: f.seq,
    at: f.at,
    gcCpuPercent: f.gcCpuPercent,
    clockMs: f.clockMs,
    cpuMs: f.cpuMs,
    extraPhasesMs: f.extraPhasesMs,
    stwMs: f.stwMs,
    heapMB: f.heapMB,
    goalMB: f.goalMB,
    stacksMB: f.stacksMB,
    globalsMB: f.globalsMB,
    procs: f.procs,
    forced: f.forced,
    trigger: 'heap',
    spliced: false,
    line: 0,
    prefix: '',
    wallMs: null,
  }
}

// `gc 12 ` (`gc #12 ` in Go 1.5 development builds, golang/go#10898)
const GC_NUM = 'gc {n} '
const gcNum = firstOf(
  shapeToken(GC_NUM, (n) => n[0] as number),
  shapeToken('gc #{n} ', (n) => n[0] as number),
)

// `@1.769s ` — seconds since start, always three decimals.
const AT_SECONDS = '@{s3}s '
const atSeconds = shapeToken(AT_SECONDS, (n) => n[0] as number)

// `2%: ` — cumulative GC CPU share, truncated.
const CPU_PERCENT = '{n}%: '
const cpuPercent = shapeToken(CPU_PERCENT, (n) => n[0] as number)

// Go 1.5 (a Go 1.6 run in golang/go#15068 prints three phases): `4.8+5.2+0.54+0.35+0.60 ms clock, 19+5.2+0+4.5/0.006/7.2+2.4 ms cpu, `
// sweep termination, scan, install write barrier (synchronize Ps), mark, mark termination.
const FIVE_PHASES = '{ms}+{ms}+{ms}+{ms}+{ms} ms clock, {ms}+{ms}+{ms}+{ms}/{ms}/{ms}+{ms} ms cpu, '
const fivePhases = shapeToken(
  FIVE_PHASES,
  (n): Phases => ({
    clockMs: {sweepTermination: n[0] as number, mark: n[3] as number, markTermination: n[4] as number},
    cpuMs: {sweepTermination: n[5] as number, assist: n[8] as number, background: n[9] as number, idle: n[10] as number, markTermination: n[11] as number},
    extraPhasesMs: {
      scanClock: n[1] as number,
      installWriteBarrierClock: n[2] as number,
      scanCpu: n[6] as number,
      installWriteBarrierCpu: n[7] as number,
    },
    fivePhases: true,
  }),
)

// Go 1.6+ (golang/go#15068 shows 1.6 already printing three phases): `0.095+0.35+0.003 ms clock, 0.19+0.050/0.30/0.080+0.006 ms cpu, `
// STW sweep termination + concurrent mark + STW mark termination; cpu: sweep termination +
// assist/background/idle mark + mark termination.
const THREE_PHASES = '{ms}+{ms}+{ms} ms clock, {ms}+{ms}/{ms}/{ms}+{ms} ms cpu, '
const threePhases = shapeToken(
  THREE_PHASES,
  (n): Phases => ({
    clockMs: {sweepTermination: n[0] as number, mark: n[1] as number, markTermination: n[2] as number},
    cpuMs: {sweepTermination: n[3] as number, assist: n[4] as number, background: n[5] as number, idle: n[6] as number, markTermination: n[7] as number},
    extraPhasesMs: null,
    fivePhases: false,
  }),
)

// `256->256->0 MB, ` — heap at start, at mark termination, marked live; floor(MiB).
const HEAP_TRIPLE = '{n}->{n}->{n} MB, '
const heapTriple = shapeToken(HEAP_TRIPLE, (n) => ({
  atStart: n[0] as number,
  atEnd: n[1] as number,
  live: n[2] as number | null,
}))

// `4 MB goal, `
const HEAP_GOAL = '{n} MB goal, '
const heapGoalMB = shapeToken(HEAP_GOAL, (n) => n[0] as number)

// Go 1.19+: `0 MB stacks, 0 MB globals, `
const STACKS_AND_GLOBALS = '{n} MB stacks, {n} MB globals, '
const stacksAndGlobals = shapeToken(STACKS_AND_GLOBALS, (n) => ({
  stacksMB: n[0] as number,
  globalsMB: n[1] as number,
}))

// `2 P`
const PROCS = '{n} P'
const procs = shapeToken(PROCS, (n) => n[0] as number)

// ` (forced)` — runtime.GC() or debug.FreeOSMemory() (Go ≤1.8: any non-background cycle).
const forced = optional(flag(' (forced)', true), false)

/** Go 1.5 and later, field group by field group: every layout of the era, and where a cut line stops. */
const concurrentGcLine = fields(
  [
    ['seq', gcNum],
    ['at', atSeconds],
    ['gcCpuPercent', cpuPercent],
    // Three phases first: every release since 1.6 prints them.
    ['phases', firstOf(threePhases, fivePhases)],
    ['heapMB', heapTriple],
    ['goalMB', heapGoalMB],
    ['scan', optional(stacksAndGlobals, null)],
    ['procs', procs],
    ['forced', forced],
    endOfLine,
  ],
  (g: {
    seq: number
    at: number
    gcCpuPercent: number
    phases: Phases
    heapMB: GcCycle['heapMB']
    goalMB: number
    scan: {stacksMB: number; globalsMB: number} | null
    procs: number
    forced: boolean
  }): GcLineFields => {
    const {clockMs, cpuMs, extraPhasesMs, fivePhases} = g.phases
    return newCycle({
      shape: fivePhases ? 'go1.5' : g.scan === null ? 'go1.6' : 'go1.19',
      seq: g.seq,
      at: g.at,
      gcCpuPercent: g.gcCpuPercent,
      clockMs,
      cpuMs,
      extraPhasesMs,
      stwMs: stopTheWorldMs(clockMs, extraPhasesMs, fivePhases && g.forced),
      heapMB: g.heapMB,
      goalMB: g.goalMB,
      stacksMB: g.scan?.stacksMB ?? null,
      globalsMB: g.scan?.globalsMB ?? null,
      procs: g.procs,
      forced: g.forced,
    })
  },
)

// Go 1.3/1.4, all stop-the-world, in µs:
// `gc1(1): 4+0+1097+3 us, 0 -> 0 MB, 21 (21-0) objects, 2 goroutines, 15/0/0 sweeps, 0(0) handoff, 0(0) steal, 0/0/0 yields`
// (1.3 has no `N goroutines, `). Phases: stop-the-world, sweep termination, mark, stack shrink.
interface StwHead {
  seq: number
  procs: number
  stopTheWorld: number
  sweepTermination: number
  mark: number
  stackShrink: number
}
const stwGcHead = shapeToken('gc{n}({n}): {n}+{n}+{n}+{n} us, ', (n): StwHead => ({
  seq: n[0] as number,
  procs: n[1] as number,
  stopTheWorld: (n[2] as number) / 1000,
  sweepTermination: (n[3] as number) / 1000,
  mark: (n[4] as number) / 1000,
  stackShrink: (n[5] as number) / 1000,
}))
const stwHeapPair = shapeToken('{n} -> {n} MB, ', (n) => ({atStart: n[0] as number, atEnd: n[1] as number}))
const stwObjects = token(new RegExp(`(${INT}) \\((${INT})-(${INT})\\) objects, `), 'N (N-N) objects', (m) => num(m, 1))
const stwGoroutines = shapeToken('{n} goroutines, ', (n) => n[0] as number)
const stwTail = token(/\d+\/\d+\/\d+ sweeps, \d+\(\d+\) handoff, \d+\(\d+\) steal, \d+\/\d+\/\d+ yields/, 'sweeps, handoff, steal, yields', () => true)

const stopTheWorldGcLine = fields(
  [['head', stwGcHead], ['heap', stwHeapPair], ['objects', stwObjects], ['goroutines', optional(stwGoroutines, null)], stwTail, endOfLine],
  (g: {head: StwHead; heap: {atStart: number; atEnd: number}; objects: number; goroutines: number | null}): GcLineFields => {
    const {head} = g
    const clockMs = {sweepTermination: head.stopTheWorld + head.sweepTermination, mark: head.mark, markTermination: head.stackShrink}
    return newCycle({
      shape: g.goroutines === null ? 'go1.3' : 'go1.4',
      seq: head.seq,
      at: null,
      gcCpuPercent: null,
      clockMs,
      cpuMs: null,
      extraPhasesMs: {stopTheWorld: head.stopTheWorld, sweepTermination: head.sweepTermination, objects: g.objects, ...(g.goroutines === null ? {} : {goroutines: g.goroutines})},
      stwMs: roundMs(head.stopTheWorld + head.sweepTermination + head.mark + head.stackShrink),
      heapMB: {atStart: g.heap.atStart, atEnd: g.heap.atEnd, live: null},
      goalMB: null,
      stacksMB: null,
      globalsMB: null,
      procs: head.procs,
      forced: false,
    })
  },
)

// The layouts of nearly every line read, each as one template of the whole line up to ` P`:
// matched in one pass with the numbers read in place, one object built. Millions of gc lines go
// through here; the field-group grammar above reads the rest (Go 1.5, `gc #N`, lines other output
// cut apart, where its failure says which field group stopped and so where the cut can be).
// Each is the era's field groups one after another: a line matches the whole template exactly
// when it matches the groups in turn (every number in a group is followed by a literal in it).
const GROUPS_119 = [GC_NUM, AT_SECONDS, CPU_PERCENT, THREE_PHASES, HEAP_TRIPLE, HEAP_GOAL, STACKS_AND_GLOBALS, PROCS] as const
const LINE_119 = GROUPS_119.join('')
const LINE_16 = [GC_NUM, AT_SECONDS, CPU_PERCENT, THREE_PHASES, HEAP_TRIPLE, HEAP_GOAL, PROCS].join('')

/** A cycle from the numbers of a whole-line template: 16 of them, then stacks and globals for Go 1.19+; `forced` when ` (forced)` ended the line. */
function cycleFromLine(n: Float64Array, withScan: boolean, forced: boolean): GcLineFields {
  const clockMs = {sweepTermination: n[3] as number, mark: n[4] as number, markTermination: n[5] as number}
  return newCycle({
    shape: withScan ? 'go1.19' : 'go1.6',
    seq: n[0] as number,
    at: n[1] as number,
    gcCpuPercent: n[2] as number,
    clockMs,
    cpuMs: {sweepTermination: n[6] as number, assist: n[7] as number, background: n[8] as number, idle: n[9] as number, markTermination: n[10] as number},
    extraPhasesMs: null,
    stwMs: stopTheWorldMs(clockMs, null, false),
    heapMB: {atStart: n[11] as number, atEnd: n[12] as number, live: n[13] as number},
    goalMB: n[14] as number,
    stacksMB: withScan ? (n[15] as number) : null,
    globalsMB: withScan ? (n[16] as number) : null,
    procs: n[withScan ? 17 : 15] as number,
    forced,
  })
}

/** What may follow a whole line's ` N P`. */
const LINE_SUFFIXES = [' (forced)'] as const

function wholeLine(template: string, withScan: boolean): WholeLineTemplate<GcLineFields> {
  return wholeLineTemplate(template, LINE_SUFFIXES, (n, suffix) => cycleFromLine(n, withScan, suffix === 0))
}

const line119 = wholeLine(LINE_119, true)
const line16 = wholeLine(LINE_16, false)

/** Any gc line after the Go 1.19 layout: the grammars part at the byte after `gc` (a space from 1.5, a digit before). */
const otherLayouts = firstOf(line16.parser, concurrentGcLine, stopTheWorldGcLine)

/** The full grammar, every alternative tried in turn: what gcLine answers, for tests that check its shortcut. */
export const gcLineByFieldGroups: P.Parser<GcLineFields> = firstOf(line119.parser, otherLayouts)

type Step = {_(input: string, i: number): P.Reply<GcLineFields>}

/** A gc line of any era. */
export const gcLine: P.Parser<GcLineFields> = P((input, i) => {
  const reply = (line119.parser as unknown as Step)._(input, i)
  if (reply.status) return reply
  const cut = cutLine119(input, i)
  if (cut !== undefined) return P.makeFailure(cut.furthest, cut.expected as string[])
  // line119 once more, so that a failure at the same place says it expected that too.
  return (gcLineByFieldGroups as unknown as Step)._(input, i)
})

const groups119 = GROUPS_119.map((template) => templateMatcher(template))
const matchFivePhases = templateMatcher(FIVE_PHASES)
const matchProcs = templateMatcher(PROCS)
const PHASES_GROUP = GROUPS_119.indexOf(THREE_PHASES)
const SCAN_GROUP = GROUPS_119.indexOf(STACKS_AND_GLOBALS)

/** What the field-group grammar expects where a 1.19 line stopped, by the group that stopped it. */
const EXPECTED_119: readonly (readonly string[] | undefined)[] = [
  // `gc ` alone: every alternative fails at 0 and each adds what it expected; left to the grammar.
  undefined,
  Object.freeze([AT_SECONDS]),
  Object.freeze([CPU_PERCENT]),
  // firstOf(threePhases, fivePhases): both fail where the group starts.
  Object.freeze([THREE_PHASES, FIVE_PHASES]),
  Object.freeze([HEAP_TRIPLE]),
  Object.freeze([HEAP_GOAL]),
  // optional(stacksAndGlobals) gives up there, then procs fails there too: fields() reports both.
  Object.freeze([STACKS_AND_GLOBALS, PROCS]),
  Object.freeze([PROCS]),
]

/**
 * The failure gcLine gives for a line laid out as Go 1.19 prints it up to where it stops, found
 * by matching the field groups' templates alone, with no values built; undefined where that is
 * not certain (then the grammars run). This is the head of a gc line that other output cut: it
 * fails every whole-line template, and the field-group grammar that says where it stopped cost
 * three times this, on a quarter of a busy program's gc lines.
 *
 * Why it is the grammar's answer: the groups before the one that fails match as the grammar
 * matches them (the same templates, in order); a group's template fails at its start, so that
 * is where concurrentGcLine stops, with what EXPECTED_119 lists — provided no other alternative
 * gets further: five phases where three did not match, `N P` right after the goal (a 1.6 line,
 * which line16 also reads). Line16 fails wherever the 1.19 groups fail before the stacks (the
 * same templates), and where stacks matched its ` P` cannot; stopTheWorldGcLine fails at `gc `.
 */
export function cutLine119(input: string, i: number): {furthest: number; expected: readonly string[]} | undefined {
  let at = i
  for (let g = 0; g < groups119.length; g++) {
    const end = (groups119[g] as (input: string, i: number) => number)(input, at)
    if (end >= 0) {
      at = end
      continue
    }
    if ((g === PHASES_GROUP && matchFivePhases(input, at) >= 0) || (g === SCAN_GROUP && matchProcs(input, at) >= 0)) return undefined
    const expected = EXPECTED_119[g]
    return expected === undefined ? undefined : {furthest: at, expected}
  }
  // Every group matched: the line stopped at ` (forced)` or its end; left to the grammar.
  return undefined
}

const groups119Bytes = GROUPS_119.map((template) => templateMatcherBytes(template))
/** For a head that stopped in group g: groups g… to the line's end, as one template. */
const rests119Bytes = GROUPS_119.map((_, g) => {
  const template = GROUPS_119.slice(g).join('')
  byteTemplate(template)
  return templateMatcherBytes(template)
})
const matchFivePhasesBytes = templateMatcherBytes(FIVE_PHASES)
const matchProcsBytes = templateMatcherBytes(PROCS)
const LINE_SUFFIX_BYTES = LINE_SUFFIXES.map(asciiBytes)
const WHOLE_THEN_TEXT = Object.freeze([...LINE_SUFFIXES, END_OF_LINE])

/**
 * What the field-group grammar expects of a line starting `gc ` whose number does not follow
 * (`gc ` + app text): every alternative fails where the line starts, each saying what it expected.
 * Taken from the grammar itself, so that the byte path's mender cannot drift from it.
 */
const EXPECTED_AT_GC = (() => {
  const failure = failureOf(gcLineByFieldGroups, 'gc x')
  if (failure.furthest !== 0) throw new Error('gc-line: the grammar no longer fails `gc x` where it starts')
  return failure.expected
})()

/**
 * The head of a Go 1.19 gc line that other output cut, read on its bytes, and the lines it makes
 * with a tail: for the byte path's mender (mend-bytes.ts). read() answers as the text grammar
 * (gcLine) fails on the head's text:
 *   - 'cut': it stopped in a field group, at `furthest`, expecting `expected` — what cutLine119
 *     says (the same groups over bytes), or, where the number after `gc ` does not follow, what
 *     every alternative says at the line's start (EXPECTED_AT_GC);
 *   - 'whole': the whole line matched up to `furthest` (its ` N P`) and other text follows, not
 *     starting with a space (so not ` (forced)`): the grammar expects ` (forced)` or the end of
 *     the line there, and the line up to `furthest` is whole() — the cut that the text path finds
 *     before any tail comes;
 *   - undefined: anything else (another layout, `gc #N`, five phases) is left to the text path.
 * Every byte before `furthest` matched a template, so it is ASCII and counts the same in bytes as
 * in the decoded text. A line made of the head cut at or after `furthest` and a tail matches
 * LINE_119 exactly when its text from `furthest` matches the groups from the one that stopped
 * (the template is its groups in turn, and matching them reads nothing past the head's groups):
 * reading() matches only that rest, and gives the cycle line119 gives for the whole line.
 */
export class CutHead119 {
  furthest = 0
  expected: readonly string[] = []
  private group = 0
  /** The line's numbers as read so far: after 'whole', the whole line's; after readingNumbers(), the reading's. */
  readonly numbers = new Float64Array(rests119Bytes[0]?.slots ?? 0)
  /**
   * Where the tail that the readings of this head share starts in the bytes they come in
   * (newTail), -1 when not known; and the groups after the one that stopped, as read from
   * `restFrom` in that tail: their numbers (in restNumbers, where `numbers` has them) and how the
   * line ended. Readings differ in where the head was cut, nearly always inside one number of
   * the group that stopped, so their rest is most often read from the same place: once.
   */
  private tailStart = -1
  private restFrom = -1
  private restForced: boolean | undefined
  private readonly restNumbers = new Float64Array(this.numbers.length)

  read(bytes: Uint8Array, start: number, end: number): 'cut' | 'whole' | undefined {
    this.tailStart = -1
    let at = start
    let slots = 0
    for (let g = 0; g < groups119Bytes.length; g++) {
      const group = groups119Bytes[g] as (typeof groups119Bytes)[number]
      const next = group.match(bytes, at, end, this.numbers, slots)
      if (next >= 0) {
        at = next
        slots += group.slots
        continue
      }
      if ((g === PHASES_GROUP && matchFivePhasesBytes.match(bytes, at, end, this.numbers, slots) >= 0) || (g === SCAN_GROUP && matchProcsBytes.match(bytes, at, end, this.numbers, slots) >= 0)) return undefined
      // `gc ` then no number: so long as it is not `gc #N ` (the other alternatives need a digit right after `gc`).
      const expected = g === 0 ? (bytes[start + 3] === 0x23 ? undefined : EXPECTED_AT_GC) : EXPECTED_119[g]
      if (expected === undefined) return undefined
      this.furthest = at - start
      this.expected = expected
      this.group = g
      return 'cut'
    }
    if (at === end || bytes[at] === 0x20) return undefined
    this.furthest = at - start
    this.expected = WHOLE_THEN_TEXT
    this.group = groups119Bytes.length
    return 'whole'
  }

  /** After read() said 'whole': the line up to `furthest`, as line119 reads it. */
  whole(): GcLineFields {
    return cycleFromLine(this.numbers, true, false)
  }

  /** The cycle of the line whose text from `furthest` on is bytes[start, end), as line119 reads the whole line; undefined where line119 does not read it. */
  reading(bytes: Uint8Array, start: number, end: number): GcLineFields | undefined {
    const forced = this.readingNumbers(bytes, start, end)
    return forced === undefined ? undefined : cycleFromLine(this.numbers, true, forced)
  }

  /**
   * reading() without the cycle: whether ` (forced)` ended the line, or undefined where line119
   * does not read it; the line's numbers are then in `numbers` (LINE_119_NUMBERS' order) until
   * the next call.
   */
  readingNumbers(bytes: Uint8Array, start: number, end: number): boolean | undefined {
    const numbers = this.numbers
    const g = this.group
    const group = groups119Bytes[g] as (typeof groups119Bytes)[number]
    // The group that stopped, then the groups after it: the template of the groups from g read in two steps.
    const first = numbers.length - (rests119Bytes[g] as (typeof rests119Bytes)[number]).slots
    const next = group.match(bytes, start, end, numbers, first)
    if (next < 0) return undefined
    const after = first + group.slots
    const shared = this.tailStart >= 0 && next >= this.tailStart
    if (shared && next === this.restFrom) {
      for (let i = after; i < numbers.length; i++) numbers[i] = this.restNumbers[i] as number
      return this.restForced
    }
    const forced = restOfLine119(g + 1, bytes, next, end, numbers, after)
    if (shared) {
      this.restFrom = next
      this.restForced = forced
      for (let i = after; i < numbers.length; i++) this.restNumbers[i] = numbers[i] as number
    }
    return forced
  }

  /** The readings to come (readingNumbers) share one tail, from `tailStart` in the bytes they come in to their end. */
  newTail(tailStart: number): void {
    this.tailStart = tailStart
    this.restFrom = -1
  }
}

/** The groups from g to the line's end read from `at`, their numbers from out[first] on: whether ` (forced)` ended the line, or undefined where line119 does not read it. */
function restOfLine119(g: number, bytes: Uint8Array, at: number, end: number, out: Float64Array, first: number): boolean | undefined {
  const rest = rests119Bytes[g]
  const stop = rest === undefined ? at : rest.match(bytes, at, end, out, first)
  if (stop < 0) return undefined
  const suffix = lineEndAt(bytes, stop, end, LINE_SUFFIX_BYTES)
  return suffix === undefined ? undefined : suffix === 0
}

/**
 * Whether the gc line in bytes[start, end) has the Go 1.19 layout (gcLine16FromBytes: the Go
 * 1.6–1.18 one), as gcLine reads its text: true when ` (forced)` follows ` N P`, false when
 * nothing does, undefined for any other line (then decode it and use gcLine). A line matches one
 * of the two layouts at most. Its numbers are in LINE_119_NUMBERS, in the order the line prints
 * them, until the next call; cycleOfLine119 makes them its cycle, and a reader may write them
 * straight into a table instead (CycleTable.pushLine119).
 */
export function gcLine119Numbers(bytes: Uint8Array, start: number, end: number): boolean | undefined {
  const suffix = line119.matchNumbers(bytes, start, end)
  return suffix === undefined ? undefined : suffix === 0
}

/**
 * gcLine119Numbers for a line starting at `start` whose end is not known yet (`done`: a newline
 * at or after the line's): the index of its newline when it is a Go 1.19 line (then
 * gcLine119Forced() says whether ` (forced)` ended it), -1 when gcLine119Numbers would say
 * undefined.
 */
export function gcLine119Newline(bytes: Uint8Array, start: number, done: number): number {
  return line119.matchLineNumbers(bytes, start, done)
}

/** After gcLine119Newline found a line: whether ` (forced)` ended it. */
export function gcLine119Forced(): boolean {
  return line119.suffix === 0
}

/** Where gcLine119Numbers leaves a line's numbers. */
export const LINE_119_NUMBERS: Float64Array = line119.numbers

/** The cycle of a Go 1.19 line's numbers (LINE_119_NUMBERS' order): what gcLine gives for the line's text. */
export function cycleOfLine119(numbers: Float64Array, forced: boolean): GcLineFields {
  return cycleFromLine(numbers, true, forced)
}

/** The STW time of a Go 1.19 line's numbers, as its cycle gives it (stwMs). */
export function stwMsOfLine119(numbers: Float64Array): number {
  return stwOfPhases(numbers[3] as number, 0, numbers[5] as number)
}

export function gcLine16FromBytes(bytes: Uint8Array, start: number, end: number): GcLineFields | undefined {
  return line16.matchBytes(bytes, start, end)
}

/** STW time: the two STW phases; Go 1.5 also stopped the world to install the write barrier, and a forced cycle was STW throughout. */
function stopTheWorldMs(clock: GcCycle['clockMs'], extra: Record<string, number> | null, allStw: boolean): number {
  if (allStw && extra !== null) return roundMs(clock.sweepTermination + (extra.scanClock ?? 0) + (extra.installWriteBarrierClock ?? 0) + clock.mark + clock.markTermination)
  return stwOfPhases(clock.sweepTermination, extra?.installWriteBarrierClock ?? 0, clock.markTermination)
}

/** The STW phases of a concurrent cycle: sweep termination, the write barrier's installation (Go 1.5 prints it apart), mark termination. */
function stwOfPhases(sweepTermination: number, installWriteBarrier: number, markTermination: number): number {
  return roundMs(sweepTermination + installWriteBarrier + markTermination)
}

/** Sums of printed ms values, without float noise (0.14 + 0.35 is 0.49, not 0.49000000000000005). */
function roundMs(ms: number): number {
  return Math.round(ms * 1e6) / 1e6
}
