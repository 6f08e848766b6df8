// Goroutine stacks large or growing: memory outside the heap's objects that only goes away when
// goroutines exit. Read from the `MB stacks` field that gc lines print from Go 1.19.
import type {GcCycle} from '../../trace/types.js'
import {goalCountsStacks, HEAP_MINIMUM_MIB} from '../runtime.js'
import type {TimelineRow} from '../timeline.js'
import {at, mib, percent} from './format.js'
import type {Rule} from './types.js'
import {lastRow, round, rssMiB} from './window.js'
import {fitGrowth, isGrowing} from './fit.js'

export const stackGrowth: Rule = {
  id: 'stack-growth',
  detect(context) {
    const {segment, thresholds, goVersions, timeline} = context
    const {cycles} = segment
    // The last cycle that printed stacks, and the one with the most.
    let lastStacksRow = -1
    let peakRow = -1
    for (let i = 0; i < cycles.length; i++) {
      const stacks = cycles.stacksMB(i)
      if (Number.isNaN(stacks)) continue
      lastStacksRow = i
      if (peakRow < 0 || stacks > cycles.stacksMB(peakRow)) peakRow = i
    }
    const last = cycles.at(lastStacksRow)
    if (last === undefined || last.stacksMB === null) {
      return {insufficientData: 'gc lines before Go 1.19 do not print “MB stacks”; count goroutines with /debug/pprof/goroutine?debug=1 or runtime.NumGoroutine()'}
    }
    const stacks = last.stacksMB
    const goal = last.goalMB
    const share = goal !== null && goal > 0 ? stacks / goal : null
    const large = stacks >= thresholds.stacksMiB || (stacks >= HEAP_MINIMUM_MIB && share !== null && share >= thresholds.stacksShareOfGoal)
    const growth = fitGrowth(cycles, (i) => cycles.stacksMB(i), thresholds.warmupCycles)
    const growing = growth !== null && growth.n >= thresholds.minCycles && isGrowing(growth, thresholds)
    if (!large && !growing) return undefined

    const severity = large && growing ? 'critical' : 'warn'
    const peak = cycles.at(peakRow) as GcCycle
    const since = growth?.first
    const growthText =
      growing && growth !== null && since !== undefined
        ? `, up from ${since.value} MB at gc ${since.seq} (${at(since.at)}): ${round(growth.slopePerMinute)} MiB/min by a least-squares fit over ${growth.n} cycles (R² ${growth.r2.toFixed(2)})`
        : ''
    const shareText = share === null ? '' : ` — ${percent(share)} of that cycle’s heap goal (${goal} MB)`
    const figure =
      goVersions.exact && goVersions.minMinor === 19 && goVersions.maxMinor === 19
        ? ' Go 1.19 prints the stack memory allocated, in power-of-two stack sizes (golang/go#54649), which is close to what RSS pays for.'
        : ' Go 1.19 prints the stack memory allocated, in power-of-two stack sizes (golang/go#54649), which is close to what RSS pays for; later releases print the scannable part of the stacks, which can be less.'
    const goalText = goalCountsStacks(goVersions) === 'no' ? '' : ' Since Go 1.18 the heap goal counts stacks too, so large stacks also raise the goal and the heap grows with them.'
    let rssText = ''
    const atLast = timeline === null ? -1 : timeline.cycleSamples.indexOfSeq(last.seq)
    if (timeline !== null && atLast >= 0) {
      const from = timeline.rows.row(timeline.cycleSamples.row(atLast))
      const end = lastRow(timeline)
      if (end.at - from.at >= 1) {
        const rate = (rssMiB(end) - rssMiB(from)) / (end.at - from.at)
        rssText = ` No cycle was printed after ${at(timeline.cycleSamples.at(atLast))}: RSS was ${mib(rssMiB(from))} then and ${mib(rssMiB(end))} at the last sample (${at(end.at)})${rate > 0.5 ? `, +${round(rate)} MiB/s` : ''}, so the stacks may be larger now than the trace shows.`
      }
    }
    return {
      id: 'stack-growth',
      severity,
      title: growing ? (large ? 'Goroutine stacks are large and still growing' : 'Goroutine stacks keep growing') : 'Goroutine stacks hold a large part of memory',
      because:
        `Goroutine stacks reached ${stacks} MB at gc ${last.seq}${last.at === null ? '' : ` (${at(last.at)})`}${shareText}${growthText}. ` +
        `Every goroutine has its own stack, which grows by doubling as calls go deeper and is freed only when the goroutine exits; a pile of goroutines that never finish keeps all of it.` +
        `${figure}${goalText}${rssText}`,
      evidence: [
        {label: 'goroutine stacks (last cycle)', value: stacks, unit: 'MB', ...(last.at === null ? {} : {at: last.at})},
        {label: 'goroutine stacks (largest)', value: peak.stacksMB ?? 0, unit: 'MB', ...(peak.at === null ? {} : {at: peak.at})},
        ...(share === null ? [] : [{label: 'stacks as a share of the heap goal', value: round(share * 100), unit: '%'}]),
        ...(growth === null ? [] : [{label: 'stack growth rate', value: round(growth.slopePerMinute), unit: 'MiB/min'}, {label: 'fit quality (R²)', value: round(growth.r2, 3), unit: 'R²'}]),
      ],
      advice: [
        'Take a goroutine profile and look for many goroutines parked at the same place: curl "http://HOST:PORT/debug/pprof/goroutine?debug=1" groups them by stack with a count each (go tool pprof http://HOST:PORT/debug/pprof/goroutine for the interactive view).',
        'Blocked goroutines are the usual cause: a send or receive on a channel nobody serves any more, a lock never released, network I/O without a deadline, a per-request goroutine with no way to stop (pass a context and return on ctx.Done()).',
        'Watch runtime.NumGoroutine() (or the go_goroutines metric) over time: in a healthy service it levels off.',
        'If the goroutines are meant to exist (one per connection), bound their number with a worker pool or a semaphore; deep recursion makes each stack larger (debug=2 shows full stacks).',
      ],
      references: ['https://pkg.go.dev/net/http/pprof', 'https://pkg.go.dev/runtime#NumGoroutine', 'https://github.com/golang/go/issues/54649', 'https://go.dev/doc/gc-guide'],
      explainsMiB: stacks,
    }
  },
}
