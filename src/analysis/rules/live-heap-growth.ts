// The live heap — what each cycle marked reachable — keeps rising after warm-up. The collector
// cannot free what the program still references, so this is the program holding memory (a leak,
// or a cache without a bound), not the GC.
import type {CycleTable} from '../../trace/cycle-table.js'
import {describeReleases, type GoVersions, HEAP_MINIMUM_MIB} from '../runtime.js'
import type {Thresholds} from '../thresholds.js'
import {at, duration, mib} from './format.js'
import type {Rule, RunEnvironment} from './types.js'
import {recordedGogc, recordedMemoryLimitMiB} from './environment.js'
import {fitGrowth, isGrowing} from './fit.js'
import {round} from './window.js'

/** How far ahead a growth is projected when asking whether it reaches a known memory limit. */
const HORIZON_MINUTES = 60

export const liveHeapGrowth: Rule = {
  id: 'live-heap-growth',
  detect(context) {
    const {segment, thresholds, environment} = context
    const {cycles} = segment
    if (!hasLiveHeap(cycles)) return {insufficientData: 'gc lines of Go 1.3/1.4 do not print the live heap'}
    const growth = fitGrowth(cycles, (i) => cycles.liveHeapMB(i), thresholds.warmupCycles)
    if (growth === null || growth.n < thresholds.minCycles) {
      return {insufficientData: `${growth?.n ?? 0} timed cycles after the first ${thresholds.warmupCycles} (warm-up); the live-heap fit needs ${thresholds.minCycles}`}
    }
    if (!isGrowing(growth, thresholds)) return undefined

    const {first, last} = growth
    const grew = last.value - first.value
    const limit = recordedMemoryLimitMiB(environment)
    const minutesToLimit = typeof limit === 'number' && limit > last.value ? (limit - last.value) / growth.slopePerMinute : null
    const shortWindow = growth.windowS < thresholds.minSeconds
    const severity = shortWindow ? 'info' : minutesToLimit !== null && minutesToLimit <= HORIZON_MINUTES ? 'critical' : 'warn'
    const lastRow = cycles.indexOfSeq(last.seq)
    const lastCycle = cycles.seq(lastRow) === last.seq ? cycles.at(lastRow) : undefined
    const goal = lastCycle?.goalMB ?? null
    const gogc = recordedGogc(environment)

    // Only where the goal tracks the live heap: a goal made of stacks says nothing about it.
    const goalSentence =
      goal !== null && last.value > 0 && goal > HEAP_MINIMUM_MIB && (lastCycle?.stacksMB ?? 0) + (lastCycle?.globalsMB ?? 0) < last.value
        ? ` The heap goal follows it (${goal} MB at gc ${last.seq}, ${(goal / last.value).toFixed(1)}× the live heap${gogc === undefined ? ', GOGC=100 unless set' : `, GOGC=${gogc}`}), so the heap the runtime grows into — and RSS with it — rises about that much faster than the live heap.`
        : ''
    const limitSentence =
      minutesToLimit !== null
        ? ` At this rate the live heap reaches GOMEMLIMIT=${environment?.GOMEMLIMIT ?? ''} (${mib(limit as number)}) in ${duration(minutesToLimit * 60)}; the GC then runs almost back to back, and past the limit the process risks being killed.`
        : ''
    const shortSentence = shortWindow
      ? ` The window is only ${duration(growth.windowS)} (under ${duration(thresholds.minSeconds)}): a program filling a cache at start-up looks the same, so confirm over a longer run.`
      : ''

    return {
      id: 'live-heap-growth',
      severity,
      title: 'The live heap keeps growing: memory the program still references',
      because:
        `After warm-up (the first ${thresholds.warmupCycles} cycles) the live heap — what the GC marked reachable — rose from ${first.value} MB at gc ${first.seq} (${at(first.at)}) to ${last.value} MB at gc ${last.seq} (${at(last.at)}), ` +
        `${round(growth.slopePerMinute)} MiB/min by a least-squares fit over ${growth.n} cycles (R² ${growth.r2.toFixed(2)}), and still ${round(growth.laterSlopePerMinute)} MiB/min over the later half of the window. ` +
        `The collector cannot free memory the program still references: this is the program holding on to it, not the GC.${goalSentence}${limitSentence}${shortSentence}`,
      evidence: [
        {label: 'live heap growth rate', value: round(growth.slopePerMinute), unit: 'MiB/min'},
        {label: 'fit quality (R²)', value: round(growth.r2, 3), unit: 'R²'},
        {label: 'growth rate over the later half', value: round(growth.laterSlopePerMinute), unit: 'MiB/min'},
        {label: 'live heap after warm-up', value: first.value, unit: 'MB', at: first.at},
        {label: 'live heap at the last cycle', value: last.value, unit: 'MB', at: last.at},
        {label: 'live heap growth', value: grew, unit: 'MB'},
        {label: 'cycles fitted', value: growth.n, unit: 'cycles'},
        {label: 'window', value: round(growth.windowS), unit: 's'},
        ...(minutesToLimit === null ? [] : [{label: 'time until the live heap reaches GOMEMLIMIT', value: round(minutesToLimit), unit: 'min'}]),
      ],
      advice: [
        'Compare two heap profiles taken minutes apart: curl -o heap1.pb.gz http://HOST:PORT/debug/pprof/heap, wait, curl -o heap2.pb.gz …, then go tool pprof -sample_index=inuse_space -base heap1.pb.gz heap2.pb.gz — the top entries are what grew (the program must import _ "net/http/pprof", or write profiles with runtime/pprof.WriteHeapProfile).',
        'One profile on its own: go tool pprof -sample_index=inuse_space http://HOST:PORT/debug/pprof/heap, then top and list FUNCTION.',
        'Usual causes: maps and slices that are only ever added to (caches without eviction, state keyed by request or connection ID), goroutines that never exit and keep their data (see /debug/pprof/goroutine?debug=1), small sub-slices keeping a large backing array alive, time.Ticker values never stopped (collected unstopped only from Go 1.23).',
        `If the growth is intended (a cache warming up), bound it; GOMEMLIMIT (${describeReleases(19, null)}) makes the GC work harder near a budget but does not fix a leak.`,
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://go.dev/doc/diagnostics', 'https://pkg.go.dev/net/http/pprof', 'https://pkg.go.dev/runtime/pprof'],
      explainsMiB: Math.max(0, grew),
    }
  },
}

function hasLiveHeap(cycles: CycleTable): boolean {
  for (let i = 0; i < cycles.length; i++) if (!Number.isNaN(cycles.liveHeapMB(i))) return true
  return false
}
