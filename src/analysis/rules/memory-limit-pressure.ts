// The heap goal stops following the live heap: a memory limit (GOMEMLIMIT or
// debug.SetMemoryLimit, Go 1.19+) caps it, so as the live heap grows toward the cap each cycle
// frees less and cycles pile up. Read from the recorded settings when known, otherwise from the
// goals themselves.
import type {CycleTable} from '../../trace/cycle-table.js'
import type {GcCycle} from '../../trace/types.js'
import {hasMemoryLimit, HEAP_MINIMUM_MIB} from '../runtime.js'
import {at, mib, percent} from './format.js'
import type {Rule, Severity} from './types.js'
import {lastRow, median, round, rssMiB} from './window.js'
import {recordedGogc, recordedMemoryLimitMiB} from './environment.js'
import {fitGrowth, isGrowing} from './fit.js'

/** A goal below the live heap plus this share of what GOGC would add is capped by something else. */
const CAPPED_SHARE_OF_GOGC_HEADROOM = 0.5
/** Without recorded settings, goals of the capped cycles must stay within this spread to read as a limit (a low GOGC moves with the live heap). */
const FLAT_GOAL_SPREAD = 0.1
/** Less headroom than this share of the goal: each cycle frees almost nothing, the death spiral is near. */
const CRITICAL_HEADROOM_SHARE = 0.1
/** Cycles at the end over which the recent cycle rate is measured. */
const RECENT_CYCLES = 10

/** A capped cycle: heap-triggered, timed, with a goal. */
type CappedCycle = GcCycle & {at: number; goalMB: number}

export const memoryLimitPressure: Rule = {
  id: 'memory-limit-pressure',
  // The goal is the limit's, not GOGC's: "RSS follows the goal at 2× live" would be wrong, and the
  // live heap's growth is reported here, as the cause of the pressure.
  supersedes: ['live-heap-growth', 'heap-goal-headroom'],
  detect(context) {
    const {segment, summary, thresholds, environment, goVersions, timeline} = context
    const available = hasMemoryLimit(goVersions)
    if (available === 'no') return undefined
    const limit = recordedMemoryLimitMiB(environment)
    const gogc = recordedGogc(environment)
    const gogcForHeadroom = typeof gogc === 'number' ? gogc : 100
    const known = typeof limit === 'number' || gogc === 'off'

    // Rows of the heap-triggered cycles whose goal looks capped, and the seconds since the cycle
    // before each (where that one has a time).
    const {cycles} = segment
    const capped: number[] = []
    const intervals: number[] = []
    const isCapped = new Uint8Array(cycles.length)
    for (let i = 0; i < cycles.length; i++) {
      const goal = cycles.goalMB(i)
      const seconds = cycles.seconds(i)
      if (cycles.trigger(i) !== 'heap' || Number.isNaN(goal) || Number.isNaN(seconds)) continue
      // With GOGC=off only a memory limit starts a cycle on heap growth. Otherwise the goal is
      // computed from the previous cycle's live heap and is at least live × (1 + GOGC/100).
      const live = i === 0 ? Number.NaN : cycles.liveHeapMB(i - 1)
      const cappedGoal = gogc === 'off' || (live >= 2 * HEAP_MINIMUM_MIB && goal < live * (1 + (CAPPED_SHARE_OF_GOGC_HEADROOM * gogcForHeadroom) / 100))
      if (!cappedGoal) continue
      capped.push(i)
      isCapped[i] = 1
      const previousSeconds = i === 0 ? Number.NaN : cycles.seconds(i - 1)
      if (!Number.isNaN(previousSeconds)) intervals.push(seconds - previousSeconds)
    }
    // Loops, not Math.min(...goals): a long trace has more cycles than the call stack has room for.
    let lowGoal = Number.POSITIVE_INFINITY
    let highGoal = Number.NEGATIVE_INFINITY
    for (const row of capped) {
      lowGoal = Math.min(lowGoal, cycles.goalMB(row))
      highGoal = Math.max(highGoal, cycles.goalMB(row))
    }
    if (known ? capped.length < 2 : capped.length < thresholds.minCycles || highGoal > lowGoal * (1 + FLAT_GOAL_SPREAD)) return undefined

    const lastCappedRow = capped.at(-1) as number
    const first = cycles.at(capped[0] as number) as CappedCycle
    const last = cycles.at(lastCappedRow) as CappedCycle
    const liveOf = (c: GcCycle) => c.heapMB.live ?? c.heapMB.atEnd
    const headroom = last.goalMB - liveOf(last)
    const headroomShare = headroom / last.goalMB
    const gogcShare = gogcForHeadroom / (100 + gogcForHeadroom)
    const quarter = Math.max(1, Math.floor(intervals.length / 4))
    const earlyInterval = intervals.length === 0 ? null : median(intervals.slice(0, quarter))
    const lateInterval = intervals.length === 0 ? null : median(intervals.slice(-quarter))
    const recent = capped.slice(-RECENT_CYCLES)
    const recentSpan = cycles.seconds(recent.at(-1) as number) - cycles.seconds(recent[0] as number)
    const recentRate = recent.length >= 2 && recentSpan > 0 ? (recent.length - 1) / recentSpan : null
    const cpu = summary.gcCpuPercent
    const growth = fitGrowth(cycles, (i) => (isCapped[i] === 1 ? cycles.liveHeapMB(i) : Number.NaN), 0)
    const growing = growth !== null && isGrowing(growth, thresholds)
    const minutesToGoal = growing && growth !== null && headroom > 0 ? headroom / growth.slopePerMinute : null

    const severity: Severity =
      headroomShare < CRITICAL_HEADROOM_SHARE || (recentRate !== null && recentRate >= thresholds.cyclesPerSecond) || (cpu !== null && cpu >= thresholds.gcCpuPercent)
        ? 'critical'
        : headroomShare < gogcShare || growing
          ? 'warn'
          : 'info'

    const settings = describeSettings(environment?.GOMEMLIMIT ?? null, environment?.GOGC ?? null, limit, gogc)
    const versionText = available === 'yes' ? '' : ' (memory limits exist from Go 1.19)'
    const gogcGoal = Math.round(liveOf(last) + ((liveOf(last) + (last.stacksMB ?? 0) + (last.globalsMB ?? 0)) * gogcForHeadroom) / 100)
    const limitText =
      typeof limit === 'number'
        ? ` The limit is ${mib(limit)}; the goal sits ${mib(Math.max(0, limit - highGoal))} or so below it — the runtime’s other memory (stacks, globals, its own metadata) and a little headroom count against the limit too.`
        : ''
    const pace =
      earlyInterval !== null && lateInterval !== null
        ? ` Cycles came every ${seconds(earlyInterval)} at first (median of the first quarter) and every ${seconds(lateInterval)} at the end${recentRate === null ? '' : `, ${recentRate.toFixed(1)} cycles/s over the last ${recent.length}`}.`
        : ''
    const growthText =
      growing && growth !== null
        ? ` The live heap grows ${round(growth.slopePerMinute)} MiB/min (least squares, R² ${growth.r2.toFixed(2)})${minutesToGoal === null ? '' : `, which would fill the remaining headroom in about ${seconds(minutesToGoal * 60)}`}: then the GC runs back to back until its CPU limiter (Go 1.19+, about 50% of CPU) lets the heap pass the limit. If that growth is not intended, it is a leak the limit only delays.`
        : ''
    const end = timeline === null ? null : lastRow(timeline)
    const finalRow = cycles.length - 1
    const stillCapped = lastCappedRow === finalRow || (cycles.trigger(finalRow) !== 'heap' && lastHeapRow(cycles) === lastCappedRow)
    const heapNow = Math.max(last.heapMB.atStart, last.heapMB.atEnd)
    const explains = stillCapped ? (end === null ? heapNow : Math.min(heapNow, rssMiB(end))) : 0

    return {
      id: 'memory-limit-pressure',
      severity,
      title: severity === 'info' ? 'A memory limit sets the heap goal' : 'The heap is pressed against a memory limit',
      because:
        `${settings}${versionText}. ${capped.length} heap-triggered cycles from gc ${first.seq} (${at(first.at)}) to gc ${last.seq} (${at(last.at)}) had a goal of ${lowGoal === highGoal ? `${lowGoal} MB` : `${lowGoal}–${highGoal} MB`} while the live heap went from ${liveOf(first)} MB to ${liveOf(last)} MB: ` +
        `the goal no longer follows the live heap (GOGC=${gogcForHeadroom} alone would put it near ${gogcGoal} MB).${limitText} ` +
        `At gc ${last.seq} a cycle could free only ${headroom} MB, ${percent(Math.max(0, headroomShare))} of the goal (${percent(gogcShare)} at GOGC=${gogcForHeadroom}).${pace}` +
        `${cpu === null ? '' : ` GC CPU (cumulative) was ${cpu}% at the end.`}${growthText}`,
      evidence: [
        ...(typeof limit === 'number' ? [{label: 'memory limit (recorded)', value: round(limit), unit: 'MiB'}] : []),
        {label: 'cycles with the goal capped', value: capped.length, unit: 'cycles'},
        {label: 'heap goal (lowest)', value: lowGoal, unit: 'MB'},
        {label: 'heap goal (highest)', value: highGoal, unit: 'MB'},
        {label: 'live heap at the first capped cycle', value: liveOf(first), unit: 'MB', at: first.at},
        {label: 'live heap at the last capped cycle', value: liveOf(last), unit: 'MB', at: last.at},
        {label: 'headroom at the last capped cycle', value: headroom, unit: 'MB', at: last.at},
        ...(earlyInterval === null ? [] : [{label: 'interval between cycles (first quarter, median)', value: round(earlyInterval, 3), unit: 's'}]),
        ...(lateInterval === null ? [] : [{label: 'interval between cycles (last quarter, median)', value: round(lateInterval, 3), unit: 's'}]),
        ...(recentRate === null ? [] : [{label: `cycles per second (last ${recent.length})`, value: round(recentRate), unit: 'cycles/s'}]),
        ...(cpu === null ? [] : [{label: 'GC CPU (cumulative)', value: cpu, unit: '%'}]),
        ...(growing && growth !== null ? [{label: 'live heap growth rate', value: round(growth.slopePerMinute), unit: 'MiB/min'}, {label: 'fit quality (R²)', value: round(growth.r2, 3), unit: 'R²'}] : []),
      ],
      advice: [
        'If the live heap is meant to be this large, raise the limit (and the container’s memory with it): the GC needs headroom above the live heap to run rarely. Keep GOMEMLIMIT 5–10% below the container’s own limit for memory the runtime does not count.',
        ...(growing
          ? ['If the live heap is not meant to grow, find what grows: compare heap profiles taken minutes apart (go tool pprof -sample_index=inuse_space -base heap1.pb.gz heap2.pb.gz, from http://HOST:PORT/debug/pprof/heap).']
          : ['Shrink the live heap: go tool pprof -sample_index=inuse_space http://HOST:PORT/debug/pprof/heap shows what holds it.']),
        'Watch runtime/metrics /gc/heap/goal:bytes against the limit, and /gc/limiter/last-enabled:gc-cycle (Go 1.20+): when the GC CPU limiter engages, the runtime lets the heap exceed the limit rather than stall, and an out-of-memory kill may follow.',
      ],
      references: ['https://go.dev/doc/gc-guide#Memory_limit', 'https://pkg.go.dev/runtime/debug#SetMemoryLimit', 'https://pkg.go.dev/runtime#hdr-Environment_Variables', 'https://pkg.go.dev/runtime/metrics', 'https://github.com/golang/go/issues/48409'],
      explainsMiB: round(explains),
    }
  },
}

function describeSettings(limitText: string | null, gogcText: string | null, limit: number | null | undefined, gogc: number | 'off' | undefined): string {
  const gogcPart = gogc === undefined ? '' : gogc === 'off' ? ' with GOGC=off' : gogcText === null ? ' with GOGC unset (100)' : ` with GOGC=${gogcText}`
  if (typeof limit === 'number') return `GOMEMLIMIT=${limitText ?? ''}${gogcPart} (recorded settings)${gogc === 'off' ? ': the memory limit alone starts the cycles' : ''}`
  if (gogc === 'off') return 'GOGC=off (recorded), so only a memory limit — set in the program with debug.SetMemoryLimit — can have started these cycles'
  if (limit === null) return `No GOMEMLIMIT was recorded${gogcPart}, yet the goals show a cap: the program may set one with debug.SetMemoryLimit`
  return 'No settings were recorded; the goals show a cap that only a memory limit (GOMEMLIMIT or debug.SetMemoryLimit) puts on them'
}

function seconds(value: number): string {
  return value >= 10 ? `${value.toFixed(0)} s` : value >= 1 ? `${value.toFixed(1)} s` : `${value.toFixed(value >= 0.1 ? 2 : 3)} s`
}

function lastHeapRow(cycles: CycleTable): number {
  for (let i = cycles.length - 1; i >= 0; i--) if (cycles.trigger(i) === 'heap') return i
  return -1
}
