// RSS well above everything the runtime accounts for: memory outside the Go heap and stacks —
// cgo and C libraries, mmap, or a runtime part gctrace cannot see.
import {at, mib, percent} from './format.js'
import type {Rule} from './types.js'
import {freshRows, median, part, rssMiB} from './window.js'

/** How many of the latest cycle-aligned samples are looked at. */
const RECENT_SAMPLES = 10

export const nonGoMemory: Rule = {
  id: 'non-go-memory',
  detect(context) {
    const {timeline, thresholds} = context
    if (timeline === null) return {insufficientData: 'needs memory samples (--rss, or a recording folder)'}
    // Judged only at samples taken right at a cycle, where the runtime's numbers are fresh, not estimated.
    const rows = freshRows(timeline, RECENT_SAMPLES)
    if (rows.length === 0) return {insufficientData: 'no memory sample was taken within a second of a cycle'}
    const outside = median(rows.map((row) => part(row, 'outside-go')))
    const rss = median(rows.map((row) => rssMiB(row)))
    if (outside < thresholds.outsideGoMiB || outside < rss * thresholds.outsideGoShare) return undefined
    const last = rows.at(-1) as (typeof rows)[number]
    return {
      id: 'non-go-memory',
      severity: 'warn',
      title: 'Much of RSS is outside the Go heap and stacks',
      because:
        `At the ${rows.length} samples taken right at a cycle (the last at ${at(last.at)}), RSS was ${mib(rss)} but the Go heap (at most ${last.heap.peakHeapMB} MB ever), goroutine stacks (${last.heap.stacksMB ?? 'not printed'}${last.heap.stacksMB === null ? '' : ' MB'}), globals and file-backed pages account for only part of it: ` +
        `${mib(outside)} (${percent(outside / rss)} of RSS, median) is memory the runtime does not report — cgo allocations and C libraries, mmap, or the runtime’s own metadata (usually a few MiB).`,
      evidence: [
        {label: 'outside the Go heap and stacks (median)', value: Math.round(outside * 10) / 10, unit: 'MiB', at: last.at},
        {label: 'RSS (median)', value: Math.round(rss * 10) / 10, unit: 'MiB'},
        {label: 'peak Go heap', value: last.heap.peakHeapMB, unit: 'MB'},
      ],
      advice: [
        'Look at the process’s mappings: pmap -x PID, or /proc/PID/smaps (sort by Rss); large anonymous mappings that are not the Go heap are the place to start.',
        'cgo: memory that C code mallocs is invisible to the Go runtime; check the C library’s own statistics (e.g. jemalloc/glibc malloc_stats).',
        'Go 1.25+ names its own mappings ([anon: Go: …] in /proc/PID/maps, GODEBUG=decoratemappings=1), which tells Go memory from the rest.',
        'runtime/metrics /memory/classes/total:bytes is everything the Go runtime mapped; compare it with RSS.',
      ],
      references: ['https://pkg.go.dev/runtime/metrics', 'https://pkg.go.dev/runtime#hdr-Environment_Variables', 'https://man7.org/linux/man-pages/man5/proc.5.html'],
      explainsMiB: outside,
    }
  },
}
