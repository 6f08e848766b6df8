// Stop-the-world pauses beyond a threshold, at the 99th percentile or at the worst, named by cycle.
import type {GcCycle} from '../../trace/types.js'
import {at} from './format.js'
import type {Rule, Severity} from './types.js'
import {releasesNote} from '../runtime.js'

export const longStw: Rule = {
  id: 'long-stw',
  detect(context) {
    const {segment, summary, thresholds, goVersions} = context
    const pauses = summary.stwPauseMs
    if (pauses === null) return undefined
    const p99High = pauses.p99 > thresholds.stwP99Ms
    const maxHigh = pauses.max > thresholds.stwMaxMs
    if (!p99High && !maxHigh) return undefined
    // Routine pauses past the max threshold are critical; a single outlier over an otherwise short p99 is worth knowing, no more.
    const severity: Severity = pauses.p99 > thresholds.stwMaxMs ? 'critical' : p99High ? 'warn' : 'info'
    const {cycles} = segment
    const worst = pauses.worst.filter((w) => w.ms > thresholds.stwP99Ms)
    let over = 0
    for (let i = 0; i < cycles.length; i++) if (cycles.stwMs(i) > thresholds.stwP99Ms) over++
    const named = worst.map((w) => `gc ${w.seq}${w.at === null ? '' : ` (${at(w.at)})`} ${ms(w.ms)} ms${phases(cycles.at(cycles.indexOfSeq(w.seq)))}`)
    const era = cycles.at(0)?.shape
    const whatStw =
      era === 'go1.3' || era === 'go1.4'
        ? 'Go 1.3 and 1.4 stop the world for the whole collection, so the pause is the cycle.'
        : `Each cycle stops the world twice${releasesNote(goVersions, 5, null)}, for sweep termination and for mark termination; marking runs alongside the program.`
    return {
      id: 'long-stw',
      severity,
      title: 'Long stop-the-world pauses',
      because:
        `Over ${summary.cycles} cycles the stop-the-world pauses were p50 ${ms(pauses.p50)} ms, p90 ${ms(pauses.p90)} ms, p99 ${ms(pauses.p99)} ms (threshold ${thresholds.stwP99Ms} ms) and at most ${ms(pauses.max)} ms (threshold ${thresholds.stwMaxMs} ms); ` +
        `${over} cycle${over === 1 ? '' : 's'} paused longer than ${thresholds.stwP99Ms} ms${named.length === 0 ? '' : `, the longest: ${named.join('; ')}`}. ` +
        `${whatStw} Pauses this long rarely come from the heap’s size: the runtime is usually waiting for every goroutine to reach a safe point, or the OS did not run the process (CPU throttling, swapping, memory compaction).`,
      evidence: [
        {label: 'pause p50', value: pauses.p50, unit: 'ms'},
        {label: 'pause p90', value: pauses.p90, unit: 'ms'},
        {label: 'pause p99', value: pauses.p99, unit: 'ms'},
        {label: 'pause max', value: pauses.max, unit: 'ms'},
        {label: `cycles with a pause over ${thresholds.stwP99Ms} ms`, value: over, unit: 'cycles'},
        ...worst.map((w) => ({label: `pause of gc ${w.seq}`, value: w.ms, unit: 'ms', ...(w.at === null ? {} : {at: w.at})})),
      ],
      advice: [
        'Check GOMAXPROCS against the CPU the process may use: with a container CPU quota below GOMAXPROCS the kernel throttles the process, pauses included (set GOMAXPROCS to the quota; Go 1.25 does so by default, earlier releases can use go.uber.org/automaxprocs).',
        'Capture an execution trace around a pause to see what the runtime waited for: curl -o trace.out "http://HOST:PORT/debug/pprof/trace?seconds=10", then go tool trace trace.out.',
        'Before Go 1.14 a goroutine in a loop without function calls cannot be preempted and holds up every stop-the-world; Go 1.14 added asynchronous preemption.',
        'Look at the host: swapping, and transparent-huge-page compaction (defrag=always) stall the process where the runtime cannot help it.',
      ],
      references: ['https://go.dev/doc/gc-guide', 'https://pkg.go.dev/runtime/trace', 'https://pkg.go.dev/runtime#hdr-Environment_Variables', 'https://github.com/golang/go/issues/10958'],
      explainsMiB: 0,
    }
  },
}

/** "0.046", "1.2", "65": as the runtime prints milliseconds. */
function ms(value: number): string {
  return value >= 10 ? value.toFixed(0) : String(Number(value.toPrecision(2)))
}

/** " (sweep termination 0.1 ms + mark termination 63 ms)", for the eras whose STW is two phases. */
function phases(cycle: GcCycle | undefined): string {
  if (cycle === undefined || cycle.shape === 'go1.3' || cycle.shape === 'go1.4') return ''
  const {sweepTermination, markTermination} = cycle.clockMs
  return ` (sweep termination ${ms(sweepTermination)} ms + mark termination ${ms(markTermination)} ms)`
}
