// The heap ended cycles well above their goal: the program allocated faster than the GC marked.
// The pacer starts each cycle so that marking finishes as the heap reaches the goal; an overshoot
// means it started too late or the mark work could not keep up, and the heap grew past the goal.
import type {GcCycle} from '../../trace/types.js'
import {at, mib, percent} from './format.js'
import type {Rule} from './types.js'
import {lastRow, round, rssMiB} from './window.js'
import {FLOOR_NOISE_MB, HEAP_MINIMUM_MIB} from '../runtime.js'

/** Overshoot in at least this share of the judged cycles is systematic, not a one-off burst. */
const SYSTEMATIC_SHARE = 0.25
/** How many of the worst cycles are named. */
const WORST = 3

interface Overshoot {
  /** The cycle's row in the segment's table. */
  row: number
  overMB: number
  share: number
}

export const goalOvershoot: Rule = {
  id: 'goal-overshoot',
  detect(context) {
    const {segment, thresholds, timeline} = context
    // Heap-triggered cycles only (a forced cycle starts before the goal), and goals above the
    // runtime's 4 MB minimum, where floor-MiB rounding of both numbers no longer dominates.
    const {cycles} = segment
    let judged = 0
    let lastHeapRow = -1
    const over: Overshoot[] = []
    for (let row = 0; row < cycles.length; row++) {
      if (cycles.trigger(row) !== 'heap') continue
      lastHeapRow = row
      const goal = cycles.goalMB(row)
      if (!(goal > HEAP_MINIMUM_MIB)) continue
      judged++
      const overMB = cycles.heapAtEndMB(row) - goal
      const share = overMB / goal
      // Both sizes are floor(MiB): a 1 MB difference can be rounding alone.
      if (overMB >= FLOOR_NOISE_MB && share > thresholds.goalOvershootShare) over.push({row, overMB, share})
    }
    if (over.length === 0) return undefined
    const cycleOf = (o: Overshoot) => cycles.at(o.row) as GcCycle & {goalMB: number}

    const worst = [...over].sort((a, b) => b.share - a.share || b.overMB - a.overMB).slice(0, WORST)
    const largest = over.reduce((a, b) => (b.overMB > a.overMB ? b : a))
    const systematic = over.length >= SYSTEMATIC_SHARE * judged
    // What it accounts for now: the overshoot of the latest heap-triggered cycle, if that one
    // overshot; an earlier one's extra heap has been reused or scavenged since, as far as we know.
    const current = over.at(-1)?.row === lastHeapRow ? (over.at(-1) as Overshoot) : undefined
    const end = timeline === null ? null : lastRow(timeline)
    const explains = current === undefined ? 0 : end === null ? current.overMB : Math.min(current.overMB, rssMiB(end))
    const named = worst.map((o) => {
      const cycle = cycleOf(o)
      return `gc ${cycle.seq}${cycle.at === null ? '' : ` (${at(cycle.at)})`} ${cycle.heapMB.atStart}->${cycle.heapMB.atEnd} MB against a ${cycle.goalMB} MB goal (+${o.overMB} MB, +${percent(o.share)})`
    })
    const largestAt = cycleOf(largest).at

    return {
      id: 'goal-overshoot',
      severity: systematic ? 'warn' : 'info',
      title: systematic ? 'The heap keeps overshooting its goal' : 'The heap overshot its goal in a few cycles',
      because:
        `${over.length} of ${judged} heap-triggered cycles with a goal above ${HEAP_MINIMUM_MIB} MB ended with the heap more than ${percent(thresholds.goalOvershootShare)} (and at least ${FLOOR_NOISE_MB} MB) over their goal; the worst: ${named.join('; ')}. ` +
        `The pacer starts a cycle early enough for marking to finish as the heap reaches the goal, and makes allocating goroutines help mark (assists) when it falls behind; an overshoot means the program allocated faster than that — a burst of large allocations, or too little CPU for the mark workers. ` +
        `The heap’s size at its peak stays with the process as memory the runtime keeps for reuse.${current === undefined ? '' : ` The last heap-triggered cycle overshot too (${current.overMB} MB${end === null ? '' : `, with RSS ${mib(rssMiB(end))} at the end`}).`}`,
      evidence: [
        {label: 'cycles over their goal', value: over.length, unit: 'cycles'},
        {label: 'cycles judged (goal above 4 MB)', value: judged, unit: 'cycles'},
        {label: 'largest overshoot', value: largest.overMB, unit: 'MB', ...(largestAt === null ? {} : {at: largestAt})},
        ...worst.map((o) => {
          const cycle = cycleOf(o)
          return {label: `overshoot at gc ${cycle.seq}`, value: round(o.share * 100), unit: '%', ...(cycle.at === null ? {} : {at: cycle.at})}
        }),
      ],
      advice: [
        'Find the allocation bursts: go tool pprof -sample_index=alloc_space http://HOST:PORT/debug/pprof/heap; large single allocations (multi-MB slices, buffers grown by append) jump past the goal at once — pre-size and reuse them.',
        'Check that the GC has CPU to mark with: GOMAXPROCS against the CPU quota of the container (throttling stalls the mark workers).',
        'A one-off overshoot in a burst is harmless; a steady one means the heap needs more than the goal suggests — plan memory for the overshoot, or set GOMEMLIMIT (Go 1.19+) to cap the total.',
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://github.com/golang/go/issues/44167'],
      explainsMiB: round(explains),
    }
  },
}
