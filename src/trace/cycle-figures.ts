// A cycle's figures as the reader scores a cut line's readings against the cycle before it: a
// flat array in the order a Go 1.19 gc line prints its numbers (gc-line.ts LINE_119_NUMBERS), so
// that a line read on its bytes is scored, and kept as "the cycle before", straight from its
// numbers, with no object. A cycle of any era becomes the same array (figuresOfCycle), with what
// its line did not print as scoring reads it: no time NaN, no CPU times NaN, a missing size 0.

import type {GcCycle} from './types.js'

/** seq, @s, GC CPU %, three clock phases, five CPU phases, the heap triple, goal, stacks, globals, P. */
export const FIGURES = 18

const SEQ = 0
const AT = 1
const CPU_PERCENT = 2
const CLOCK = 3
const CPU = 6
const HEAP = 11
const GOAL = 14
const STACKS = 15
const GLOBALS = 16
const PROCS = 17

/** Writes the figures of `cycle` to `out` (FIGURES long). */
export function figuresOfCycle(cycle: Pick<GcCycle, 'seq' | 'at' | 'gcCpuPercent' | 'clockMs' | 'cpuMs' | 'heapMB' | 'goalMB' | 'stacksMB' | 'globalsMB' | 'procs'>, out: Float64Array): void {
  out[SEQ] = cycle.seq
  out[AT] = cycle.at ?? Number.NaN
  out[CPU_PERCENT] = cycle.gcCpuPercent ?? 0
  out[CLOCK] = cycle.clockMs.sweepTermination
  out[CLOCK + 1] = cycle.clockMs.mark
  out[CLOCK + 2] = cycle.clockMs.markTermination
  const cpu = cycle.cpuMs
  out[CPU] = cpu === null ? Number.NaN : cpu.sweepTermination
  out[CPU + 1] = cpu === null ? Number.NaN : cpu.assist
  out[CPU + 2] = cpu === null ? Number.NaN : cpu.background
  out[CPU + 3] = cpu === null ? Number.NaN : cpu.idle
  out[CPU + 4] = cpu === null ? Number.NaN : cpu.markTermination
  out[HEAP] = cycle.heapMB.atStart
  out[HEAP + 1] = cycle.heapMB.atEnd
  out[HEAP + 2] = cycle.heapMB.live ?? 0
  out[GOAL] = cycle.goalMB ?? 0
  out[STACKS] = cycle.stacksMB ?? 0
  out[GLOBALS] = cycle.globalsMB ?? 0
  out[PROCS] = cycle.procs
}

/**
 * How far a cycle's figures `c` are from those of the cycle before, `previous`; 0 is a perfect
 * fit. The next cycle number above all, then sizes, then (lightly: they vary from cycle to cycle
 * far more) phase times. Every term is ≥ 0, so once `bound` + the sum so far reaches `toBeat`
 * (the best reading's score) the rest is not added: the reading loses all the same, as float sums
 * of terms ≥ 0 only grow (or turn NaN, which loses too).
 */
export function cycleDistance(c: Float64Array, previous: Float64Array, bound: number, toBeat: number): number {
  let score = 0
  const seq = c[SEQ] as number
  const step = seq - (previous[SEQ] as number)
  score += step === 1 ? 0 : seq === 1 ? 2 : step > 1 && step < 1000 ? 1 + Math.log10(step) : 10
  // NaN (no time printed) compares false.
  if ((c[AT] as number) < (previous[AT] as number) && seq !== 1) score += 5
  score += logDistance(c[CPU_PERCENT] as number, previous[CPU_PERCENT] as number, 1)
  score += logDistance(c[HEAP] as number, previous[HEAP] as number, 1) + logDistance(c[HEAP + 1] as number, previous[HEAP + 1] as number, 1)
  score += logDistance(c[HEAP + 2] as number, previous[HEAP + 2] as number, 1) + logDistance(c[GOAL] as number, previous[GOAL] as number, 1)
  score += logDistance(c[STACKS] as number, previous[STACKS] as number, 1) + logDistance(c[GLOBALS] as number, previous[GLOBALS] as number, 1)
  if (bound + score >= toBeat) return score
  // Written out term by term, not looped: every reading of a cut line is scored here.
  score += 0.25 * logDistance(c[CLOCK] as number, previous[CLOCK] as number, 0.01)
  score += 0.25 * logDistance(c[CLOCK + 1] as number, previous[CLOCK + 1] as number, 0.01)
  score += 0.25 * logDistance(c[CLOCK + 2] as number, previous[CLOCK + 2] as number, 0.01)
  if (!Number.isNaN(c[CPU] as number) && !Number.isNaN(previous[CPU] as number)) {
    score += 0.25 * logDistance(c[CPU] as number, previous[CPU] as number, 0.01)
    score += 0.25 * logDistance(c[CPU + 1] as number, previous[CPU + 1] as number, 0.01)
    score += 0.25 * logDistance(c[CPU + 2] as number, previous[CPU + 2] as number, 0.01)
    score += 0.25 * logDistance(c[CPU + 3] as number, previous[CPU + 3] as number, 0.01)
    score += 0.25 * logDistance(c[CPU + 4] as number, previous[CPU + 4] as number, 0.01)
  }
  if (c[PROCS] !== previous[PROCS]) score += 1
  return score
}

/**
 * |log2| of the ratio of two values; `floor` keeps zeros comparable (1 for MiB, 0.01 for ms). No
 * default for `floor`, and no test but the ratio's: small enough for TurboFan to inline at all
 * of cycleDistance's calls, so no score is boxed on its way back.
 */
export function logDistance(a: number, b: number, floor: number): number {
  const ratio = (a + floor) / (b + floor)
  // Sizes are often the same from one cycle to the next, and log2(1) is exactly 0: the same
  // answer without the log (x / x is 1 where x is finite and not 0; elsewhere no ratio is 1).
  return ratio === 1 ? 0 : Math.abs(Math.log2(ratio))
}
