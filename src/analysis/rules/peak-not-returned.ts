// The program stopped using heap memory, and RSS did not come down with it: the runtime keeps
// freed spans for reuse and returns them to the OS only gradually.
import {hasBackgroundScavenger, SCAVENGER_RETAIN_EXTRA_PERCENT} from '../runtime.js'
import type {TimelineRow} from '../timeline.js'
import {at, duration, mib} from './format.js'
import type {Rule} from './types.js'
import {lastRow, part, rssMiB} from './window.js'

/** The live heap's fall is judged over this many of the latest cycles (a bound for the spread below). */
const MAX_CYCLES_SEEN = 10000

const REFERENCES = [
  'https://go.dev/doc/gc-guide',
  'https://github.com/golang/go/issues/30333',
  'https://github.com/golang/go/issues/32952',
  'https://pkg.go.dev/runtime/debug#FreeOSMemory',
]

export const peakNotReturned: Rule = {
  id: 'peak-not-returned',
  detect(context) {
    const {timeline, thresholds, goVersions} = context
    if (timeline === null) return {insufficientData: 'needs memory samples (--rss, or a recording folder)'}
    // Only after the live heap fell: idle heap between cycles of a steady or growing heap is the
    // goal's headroom (heap-goal-headroom), not a peak left behind.
    const {cycles} = context.segment
    let highest = 0
    for (let i = Math.max(0, cycles.length - MAX_CYCLES_SEEN); i < cycles.length; i++) highest = Math.max(highest, cycles.liveOrEndMB(i))
    const liveFell = highest - (cycles.length === 0 ? 0 : cycles.liveOrEndMB(cycles.length - 1))
    if (liveFell < thresholds.peakRetainedMiB / 2) return undefined
    const rows = timeline.rows
    const held = (i: number) => rows.partMiB(i, 'idle-heap')
    let first = -1
    for (let i = 0; i < rows.length && first < 0; i++) if (held(i) >= thresholds.peakRetainedMiB) first = i
    if (first < 0) return undefined
    // By index, each row's share worked out once: a week of samples is a million rows.
    let mostIndex = first
    let mostHeld = held(first)
    let returnedIndex = -1
    for (let i = first; i < rows.length; i++) {
      const heldAt = held(i)
      if (heldAt > mostHeld) {
        mostIndex = i
        mostHeld = heldAt
      }
      if (returnedIndex < 0 && heldAt < thresholds.peakRetainedMiB / 2 && rows.samples.seconds(i) > rows.samples.seconds(mostIndex)) returnedIndex = i
      if (returnedIndex >= 0 && heldAt >= thresholds.peakRetainedMiB) returnedIndex = -1
    }
    const most = rows.row(mostIndex)
    const returned: TimelineRow | undefined = returnedIndex < 0 ? undefined : rows.row(returnedIndex)
    const start = rows.row(first)
    const end = lastRow(timeline)
    const heldNow = held(end.index)
    const background = hasBackgroundScavenger(goVersions)
    const policy =
      background === 'no'
        ? 'Before Go 1.13 the runtime returned only spans left unused for 5 minutes, checking about every 2.5 minutes.'
        : `The runtime keeps freed heap memory for reuse; ${background === 'yes' ? '' : 'from Go 1.13 '}its background scavenger returns it to the OS gradually (spending about 1% of one CPU) and keeps about ${SCAVENGER_RETAIN_EXTRA_PERCENT}% over the heap goal. In a fully idle process it may not run at all until something wakes the runtime.` +
          (background === 'yes' ? '' : ' Before Go 1.13 only spans unused for 5 minutes were returned, checked about every 2.5 minutes.')
    const story =
      returned === undefined
        ? `From ${at(start.at)} to the last sample at ${at(end.at)} (${duration(end.at - start.at)}), RSS held up to ${mib(mostHeld)} of heap memory the program was not using (${mib(heldNow)} at the end, RSS ${mib(rssMiB(end))} for a live heap of ${end.heap.liveMB} MB).`
        : `From ${at(start.at)}, RSS held up to ${mib(mostHeld)} of heap memory the program was not using; it was returned to the OS by ${at(returned.at)}, ${duration(returned.at - start.at)} later ` +
          (part(returned, 'released-resident') >= thresholds.madvFreeMiB || rssMiB(returned) > rssMiB(most) - thresholds.peakRetainedMiB / 2
            ? `— but RSS stayed at ${mib(rssMiB(returned))}: it was returned with MADV_FREE (see madv-free).`
            : `(RSS ${mib(rssMiB(most))} → ${mib(rssMiB(returned))}).`)
    return {
      id: 'peak-not-returned',
      severity: heldNow >= thresholds.peakRetainedMiB ? 'warn' : 'info',
      title: heldNow >= thresholds.peakRetainedMiB ? 'The heap’s peak is still held: freed memory not returned to the OS' : 'Freed heap memory was held for a while before it was returned',
      because:
        `${story} The estimate is the heap’s largest size so far (${most.heap.peakHeapMB} MB by ${at(most.at)}; the heap never unmaps its address space) less what was in use and what the scavenger reported returned. ${policy}`,
      evidence: [
        {label: 'heap memory held idle (most)', value: round(mostHeld), unit: 'MiB', at: most.at},
        {label: 'heap memory held idle (end)', value: round(heldNow), unit: 'MiB', at: end.at},
        {label: 'peak heap', value: most.heap.peakHeapMB, unit: 'MB', at: most.at},
        ...(returned === undefined ? [] : [{label: 'returned after', value: round(returned.at - start.at), unit: 's', at: returned.at}]),
      ],
      advice: [
        'If the peak was a one-off burst, call debug.FreeOSMemory() after it (it forces a cycle and returns all it can).',
        'Go 1.19+: set GOMEMLIMIT (or debug.SetMemoryLimit) near what the process may use: the scavenger then returns memory to stay under it.',
        'Reduce the peak itself: stream instead of building large buffers, reuse them (sync.Pool), bound concurrency of memory-hungry work.',
      ],
      references: REFERENCES,
      // Below the threshold the estimate is within the noise of a lagging scavenger report.
      explainsMiB: heldNow >= thresholds.peakRetainedMiB ? heldNow : 0,
    }
  },
}

const round = (value: number) => Math.round(value * 10) / 10
