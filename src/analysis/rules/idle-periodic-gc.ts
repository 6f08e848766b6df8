// The program went idle, so nothing started a cycle but sysmon's periodic one every 2 minutes
// ("GC forced"): memory that was garbage the whole time waited for it.
import type {GcCycle} from '../../trace/types.js'
import {PERIODIC_GC_SECONDS} from '../runtime.js'
import type {TimelineRow, TimelineRows} from '../timeline.js'
import {at, duration, mib} from './format.js'
import type {Rule} from './types.js'
import {lastRow, part, rssMiB} from './window.js'

/** A gap this close to the periodic period before a periodic cycle means the program allocated nothing. */
const IDLE_GAP_SHARE = 0.8
/** How long after the periodic cycle RSS is watched for the return. */
const RETURN_WATCH_SECONDS = 60

export const idlePeriodicGc: Rule = {
  id: 'idle-periodic-gc',
  detect(context) {
    const {segment, timeline, thresholds} = context
    const {cycles} = segment
    // The first periodic cycle after an idle gap, and the timed cycle before it.
    let previous = -1
    let found = -1
    let periodicCount = 0
    for (let i = 0; i < cycles.length; i++) {
      const seconds = cycles.seconds(i)
      if (Number.isNaN(seconds)) continue
      if (cycles.trigger(i) === 'periodic') {
        periodicCount++
        if (found < 0 && previous >= 0 && seconds - cycles.seconds(previous) >= PERIODIC_GC_SECONDS * IDLE_GAP_SHARE) found = i
      }
      if (found < 0) previous = i
    }
    if (found < 0) return undefined
    const periodic = cycles.at(found) as GcCycle & {at: number}
    const before = cycles.at(previous) as GcCycle & {at: number}
    const story = `No cycle ran between gc ${before.seq} ${at(before.at)} and gc ${periodic.seq} ${at(periodic.at)} (${duration(periodic.at - before.at)}): the program had stopped allocating, so only the runtime’s periodic GC (“GC forced”, at most every ${PERIODIC_GC_SECONDS / 60} minutes) ran — ${periodicCount} periodic cycle${periodicCount === 1 ? '' : 's'} in all. The live heap measured ${before.heapMB.live ?? before.heapMB.atEnd} MB at gc ${before.seq} and ${periodic.heapMB.live ?? periodic.heapMB.atEnd} MB at gc ${periodic.seq}: memory freed by the program in between could not be known free, or returned, until the periodic cycle.`
    let after = ''
    let heldNow = 0
    const evidence = [
      {label: 'idle gap before the periodic cycle', value: round(periodic.at - before.at), unit: 's', at: periodic.at},
      {label: 'periodic cycles', value: periodicCount, unit: 'cycles'},
    ]
    if (timeline !== null) {
      const end = lastRow(timeline)
      heldNow = part(end, 'idle-heap')
      const atCycle = rowAt(timeline.rows, periodic.at)
      const watch = rowsBetween(timeline.rows, periodic.at, periodic.at + RETURN_WATCH_SECONDS)
      if (atCycle !== undefined && watch.length > 0) {
        const lowest = watch.reduce((a, b) => (rssMiB(b) < rssMiB(a) ? b : a))
        const fell = rssMiB(atCycle) - rssMiB(lowest)
        after =
          fell >= thresholds.peakRetainedMiB
            ? ` RSS fell from ${mib(rssMiB(atCycle))} to ${mib(rssMiB(lowest))} by ${at(lowest.at)}, ${duration(lowest.at - periodic.at)} after it.`
            : ` RSS stayed at ${mib(rssMiB(lowest))} in the ${duration(RETURN_WATCH_SECONDS)} after it${part(lowest, 'released-resident') >= thresholds.madvFreeMiB ? ' (the memory was returned, but with MADV_FREE: see madv-free)' : ''}.`
        evidence.push({label: 'RSS at the periodic cycle', value: round(rssMiB(atCycle)), unit: 'MiB', at: atCycle.at}, {label: 'lowest RSS after it', value: round(rssMiB(lowest)), unit: 'MiB', at: lowest.at})
      }
    }
    return {
      id: 'idle-periodic-gc',
      severity: heldNow >= thresholds.peakRetainedMiB ? 'warn' : 'info',
      title: 'The program went idle and memory waited for the 2-minute periodic GC',
      because: story + after,
      evidence,
      advice: [
        'After a known burst (a batch, a large request), call debug.FreeOSMemory(): it runs a cycle and returns what it can at once.',
        'Go 1.19+: GOMEMLIMIT makes the runtime collect and scavenge to stay under a limit, instead of waiting for the next cycle.',
        'Keeping large buffers reachable only as long as needed helps each cycle free them sooner.',
      ],
      references: ['https://pkg.go.dev/runtime/debug#FreeOSMemory', 'https://go.dev/doc/gc-guide', 'https://pkg.go.dev/runtime#hdr-Environment_Variables'],
      explainsMiB: heldNow >= thresholds.peakRetainedMiB ? heldNow : 0,
    }
  },
}

/** The last row at or before `seconds`. */
function rowAt(rows: TimelineRows, seconds: number): TimelineRow | undefined {
  let found = -1
  for (let i = 0; i < rows.length; i++) if (rows.samples.seconds(i) <= seconds) found = i
  return found < 0 ? undefined : rows.row(found)
}

/** The rows from `from` to `to` seconds. */
function rowsBetween(rows: TimelineRows, from: number, to: number): TimelineRow[] {
  const found: TimelineRow[] = []
  for (let i = 0; i < rows.length; i++) if (rows.samples.seconds(i) >= from && rows.samples.seconds(i) <= to) found.push(rows.row(i))
  return found
}

const round = (value: number) => Math.round(value * 10) / 10
