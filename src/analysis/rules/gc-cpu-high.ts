// The GC takes too much CPU, or runs too often: GOGC set low, a heap held near a memory limit, or
// a tiny live heap under a high allocation rate (the goal never leaves the 4 MB minimum).
import type {CycleTable} from '../../trace/cycle-table.js'
import {goalCountsStacks, type GoVersions, HEAP_MINIMUM_MIB} from '../runtime.js'
import {duration} from './format.js'
import type {Rule, Severity} from './types.js'
import {median, medianOfSorted, round, zeroIfNaN} from './window.js'
import {recordedGogc, recordedMemoryLimitMiB} from './environment.js'

export const gcCpuHigh: Rule = {
  id: 'gc-cpu-high',
  detect(context) {
    const {segment, summary, thresholds, environment, goVersions} = context
    const cpu = summary.gcCpuPercent
    const rate = summary.durationS !== null && summary.durationS > 0 && summary.cycles >= 2 ? (summary.cycles - 1) / summary.durationS : null
    if (cpu === null && rate === null) return {insufficientData: 'gc lines before Go 1.5 print neither times nor the GC’s CPU share'}
    if (summary.cycles < thresholds.minCycles) return undefined
    const cpuHigh = cpu !== null && cpu >= thresholds.gcCpuPercent
    const rateHigh = rate !== null && rate >= thresholds.cyclesPerSecond
    if (!cpuHigh && !rateHigh) return undefined

    // Critical from twice the CPU threshold; a high rate alone is a warning only when GC CPU is at
    // least half the threshold too — frequent but cheap cycles cost latency more than throughput.
    const severity: Severity =
      cpu !== null && cpu >= 2 * thresholds.gcCpuPercent ? 'critical' : cpuHigh || cpu === null || cpu >= thresholds.gcCpuPercent / 2 ? 'warn' : 'info'

    const {cycles} = segment
    // Columns of the heap-triggered cycles' figures, sorted in place for their medians. Float32,
    // as the table keeps them (whole MiB): half the memory of a double per cycle.
    const goals = new Float32Array(cycles.length)
    const lives = new Float32Array(cycles.length)
    let goalCount = 0
    let liveCount = 0
    for (let i = 0; i < cycles.length; i++) {
      if (cycles.trigger(i) !== 'heap') continue
      if (!Number.isNaN(cycles.goalMB(i))) goals[goalCount++] = cycles.goalMB(i)
      if (!Number.isNaN(cycles.liveHeapMB(i))) lives[liveCount++] = cycles.liveHeapMB(i)
    }
    const medianGoal = goalCount === 0 ? null : medianOfSorted(goals.subarray(0, goalCount).sort())
    const medianLive = liveCount === 0 ? null : medianOfSorted(lives.subarray(0, liveCount).sort())
    const allocation = allocationRate(segment.cycles)
    const gogc = recordedGogc(environment)
    const limit = recordedMemoryLimitMiB(environment)
    const implied = impliedGogc(segment.cycles, goVersions)
    const floor = HEAP_MINIMUM_MIB * (typeof gogc === 'number' ? Math.max(1, gogc / 100) : 1)
    const tiny = medianGoal !== null && medianGoal <= floor + 1

    const measured = [
      rate === null ? '' : `GC ran ${summary.cycles} times in ${duration(summary.durationS ?? 0)} — ${rateText(rate)} cycles per second (threshold ${thresholds.cyclesPerSecond})`,
      cpu === null ? '' : `${rate === null ? 'The GC took' : 'took'} ${cpu}% of the CPU since the process started (cumulative, as the last gc line prints it; threshold ${thresholds.gcCpuPercent}%)`,
    ].filter((s) => s !== '')
    const allocationText = allocation === null ? '' : ` The program allocates about ${rateText(allocation)} MB/s (heap at each cycle’s start less the previous live heap).`
    let cause: string
    if (typeof limit === 'number') {
      cause = ` GOMEMLIMIT=${environment?.GOMEMLIMIT ?? ''} is set (recorded): as the heap nears the limit the goal stops following the live heap and cycles come faster — see memory-limit-pressure if it is reported.`
    } else if (tiny) {
      cause = ` The live heap is small (median ${medianLive ?? 0} MB), so the goal stays at the runtime’s minimum (median ${medianGoal} MB; the floor is 4 MB × GOGC/100): every few MB allocated start a cycle.`
    } else if (typeof gogc === 'number' && gogc < 100) {
      cause = ` GOGC=${gogc} (recorded) keeps the goal at about ${(1 + gogc / 100).toFixed(2)}× the live heap, so a cycle starts after every ${gogc}% of growth.`
    } else if (gogc === undefined && implied !== null && implied < 75) {
      cause = ` The goals imply GOGC ≈ ${Math.round(implied)} (median headroom over the live heap${goalCountsStacks(goVersions) === 'no' ? '' : ', stacks and globals'}): GOGC seems to be set low, or a memory limit caps the goal.`
    } else {
      cause = ` The goal follows the live heap (median ${medianLive ?? 0} MB live, ${medianGoal ?? 0} MB goal), so the cycle rate follows the allocation rate.`
    }
    const cheap = !cpuHigh && cpu !== null && severity === 'info' ? ` GC CPU stays low, so each cycle is cheap here: the rate costs two short stop-the-world pauses per cycle more than throughput.` : ''

    return {
      id: 'gc-cpu-high',
      severity,
      title: cpuHigh ? 'The GC takes a large share of the CPU' : 'The GC runs very often',
      because: `${measured.join(' and ')}.${cause}${allocationText}${cheap}`,
      evidence: [
        ...(cpu === null ? [] : [{label: 'GC CPU (cumulative)', value: cpu, unit: '%', ...(summary.lastAt === null ? {} : {at: summary.lastAt})}]),
        ...(rate === null ? [] : [{label: 'cycles per second', value: round(rate), unit: 'cycles/s'}]),
        {label: 'cycles', value: summary.cycles, unit: 'cycles'},
        ...(medianGoal === null ? [] : [{label: 'heap goal (median)', value: medianGoal, unit: 'MB'}]),
        ...(medianLive === null ? [] : [{label: 'live heap (median)', value: medianLive, unit: 'MB'}]),
        ...(allocation === null ? [] : [{label: 'allocation rate (estimated)', value: round(allocation), unit: 'MB/s'}]),
        ...(implied === null ? [] : [{label: 'GOGC implied by the goals (median)', value: Math.round(implied), unit: '%'}]),
      ],
      advice: [
        'Find what allocates: go tool pprof -sample_index=alloc_space http://HOST:PORT/debug/pprof/heap (everything allocated since start, not what is live); reuse buffers (sync.Pool), pre-size slices and maps, avoid string↔[]byte conversions per request.',
        tiny
          ? 'Raise GOGC (environment or debug.SetGCPercent): with a tiny live heap the minimum goal scales with it (4 MB × GOGC/100), so GOGC=400 cuts the cycle count about 4× for a few MB more heap.'
          : 'Raise GOGC to trade memory for CPU: doubling it roughly halves the number of cycles, and the heap goal grows with it.',
        'Go 1.19+: pair a higher GOGC (or GOGC=off) with GOMEMLIMIT so the heap may use the memory you can afford and the GC runs only when it must.',
        ...(typeof limit === 'number' ? ['Near a memory limit cycles pile up: give the limit more room, or shrink the live heap.'] : []),
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://pkg.go.dev/runtime/debug#SetGCPercent', 'https://pkg.go.dev/runtime/debug#SetMemoryLimit'],
      explainsMiB: 0,
    }
  },
}

const rateText = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1))

/** MB/s allocated: what each cycle found on top of the previous cycle's live heap, over the span. */
function allocationRate(cycles: CycleTable): number | null {
  let allocated = 0
  let first: number | null = null
  let last: number | null = null
  for (let i = 1; i < cycles.length; i++) {
    const previousAt = cycles.seconds(i - 1)
    const currentAt = cycles.seconds(i)
    if (Number.isNaN(previousAt) || Number.isNaN(currentAt)) continue
    first ??= previousAt
    last = currentAt
    allocated += Math.max(0, cycles.heapAtStartMB(i) - cycles.liveOrEndMB(i - 1))
  }
  return first === null || last === null || last <= first ? null : allocated / (last - first)
}

/** Median of 100 × (goal − previous live) / (previous live [+ stacks + globals]) over cycles whose goal is above the minimum. */
function impliedGogc(cycles: CycleTable, versions: GoVersions): number | null {
  const withScan = goalCountsStacks(versions) !== 'no'
  const values: number[] = []
  for (let i = 1; i < cycles.length; i++) {
    // NaN (not printed) fails every comparison below.
    const live = cycles.liveHeapMB(i - 1)
    const goal = cycles.goalMB(i)
    if (cycles.trigger(i) !== 'heap' || Number.isNaN(goal) || !(live >= 2 * HEAP_MINIMUM_MIB)) continue
    const base = live + (withScan ? zeroIfNaN(cycles.stacksMB(i - 1)) + zeroIfNaN(cycles.globalsMB(i - 1)) : 0)
    values.push((100 * (goal - live)) / base)
  }
  return values.length === 0 ? null : median(values)
}
