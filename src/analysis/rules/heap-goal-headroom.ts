// RSS follows the heap goal, not the live heap: with GOGC=100 the heap grows to about twice the
// live heap (plus stacks and globals from Go 1.18) before a cycle starts, so the peak sizes RSS.
import {goalCountsStacks, HEAP_MINIMUM_MIB} from '../runtime.js'
import {recordedGogc} from './environment.js'
import {mib} from './format.js'
import type {Rule} from './types.js'
import {lastRow, part} from './window.js'

/** Headroom smaller than this share of the goal is not worth a finding. */
const MIN_HEADROOM_SHARE = 0.25

export const heapGoalHeadroom: Rule = {
  id: 'heap-goal-headroom',
  detect(context) {
    const {segment, timeline, environment, goVersions} = context
    // The goal sizes memory while the heap grows into it: judge by the last heap-triggered cycle,
    // and only while the program kept allocating (a periodic or forced last cycle means it stopped).
    const last = segment.cycles.at(-1)
    if (last === undefined || last.trigger !== 'heap' || last.goalMB === null) return undefined
    const live = last.heapMB.live ?? last.heapMB.atEnd
    const goal = last.goalMB
    const headroom = goal - live
    if (goal <= HEAP_MINIMUM_MIB || headroom < goal * MIN_HEADROOM_SHARE) return undefined
    const gogc = recordedGogc(environment)
    const scan = (last.stacksMB ?? 0) + (last.globalsMB ?? 0)
    const formula =
      goalCountsStacks(goVersions) === 'no'
        ? 'goal = live × (1 + GOGC/100)'
        : `goal = live + (live + stacks + globals) × GOGC/100${goalCountsStacks(goVersions) === 'maybe' ? ' from Go 1.18 (live × (1 + GOGC/100) before)' : ''}`
    let explains = headroom
    let atEnd = ''
    if (timeline !== null) {
      const end = lastRow(timeline)
      explains = Math.min(headroom, part(end, 'heap-growth') + part(end, 'idle-heap'))
      atEnd = ` At the last sample, ${mib(explains)} of RSS is heap between the live heap and the goal.`
    }
    return {
      id: 'heap-goal-headroom',
      severity: typeof gogc === 'number' && gogc > 100 ? 'warn' : 'info',
      title: 'RSS follows the heap goal, not the live heap',
      because:
        `At gc ${last.seq} the live heap was ${live} MB and the heap goal ${goal} MB${scan > 0 ? ` (stacks ${last.stacksMB ?? 0} MB, globals ${last.globalsMB ?? 0} MB)` : ''}: ${formula}${gogc === undefined ? ', GOGC=100 unless set' : `, with GOGC=${gogc}`}. ` +
        `The heap grows to the goal before the next cycle starts, so the program needs memory for the goal, not for the live heap: ${headroom} MB more than the live heap.${atEnd} This is how the collector trades memory for CPU, not a leak.`,
      evidence: [
        {label: 'live heap', value: live, unit: 'MB', ...(last.at === null ? {} : {at: last.at})},
        {label: 'heap goal', value: goal, unit: 'MB', ...(last.at === null ? {} : {at: last.at})},
        {label: 'headroom (goal − live)', value: headroom, unit: 'MB'},
      ],
      advice: [
        'Lower GOGC to trade CPU for memory (GOGC=50 keeps the goal at ~1.5× live).',
        'Go 1.19+: set GOMEMLIMIT so the goal shrinks when the process nears its memory budget, rather than lowering GOGC for all times.',
        'Shrink the live heap itself (heap profile: go tool pprof -sample_index=inuse_space).',
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://pkg.go.dev/runtime/debug#SetGCPercent', 'https://github.com/golang/go/issues/67857'],
      explainsMiB: explains,
    }
  },
}
