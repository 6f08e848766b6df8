// Transparent huge pages: a large AnonHugePages share of RSS. Huge pages are how memory is
// mapped, not a use of it: they cost RSS only where a 2 MiB page is backed while the runtime
// uses or keeps less of it (khugepaged collapsing partly used or released ranges). That excess
// cannot be measured from outside, so it is bounded by what nothing else explains.
import type {TimelineRows} from '../timeline.js'
import {at, mib, percent} from './format.js'
import type {Rule, RuleContext} from './types.js'
import {argMax, lastRow, round, rssMiB} from './window.js'

const hugeMiB = (rows: TimelineRows, i: number) => (rows.samples.sizeKiB('anonHugeKiB', i) ?? 0) / 1024
/** Huge pages that RSS holds beyond what the runtime accounts for: at most the unexplained part. */
const excessMiB = (rows: TimelineRows, i: number) => Math.min(hugeMiB(rows, i), rows.partMiB(i, 'outside-go'))

export const thp: Rule = {
  id: 'thp',
  detect(context) {
    const {timeline, thresholds, environment} = context
    if (timeline === null) return {insufficientData: 'needs memory samples (--rss, or a recording folder)'}
    const {rows} = timeline
    if (!rows.samples.has('anonHugeKiB')) {
      return {insufficientData: 'the memory samples have no AnonHugePages (a recording’s anon_huge_kb, from /proc/PID/smaps_rollup)'}
    }
    const most = rows.row(argMax(rows.length, (i) => hugeMiB(rows, i)))
    const huge = hugeMiB(rows, most.index)
    const share = huge / Math.max(rssMiB(most), 1e-9)
    if (huge < thresholds.thpMiB || share < thresholds.thpShare) return undefined

    const end = lastRow(timeline)
    const excessNow = excessMiB(rows, end.index)
    const worst = rows.row(argMax(rows.length, (i) => excessMiB(rows, i), end.index))
    const costly = excessNow >= thresholds.thpMiB
    const mode = thpMode(environment?.thp ?? null)
    const heapAtMost = most.heap.peakHeapMB

    const mapping =
      heapAtMost >= huge * 0.9
        ? `The Go heap had reached ${heapAtMost} MB by then, so these are largely the heap’s own pages, mapped 2 MiB at a time.`
        : `The Go heap had reached only ${heapAtMost} MB by then, so part of the huge pages back something else (stacks, runtime metadata, or memory outside Go).`
    const cost = costly
      ? ` RSS holds ${mib(excessNow)} at the end that the runtime’s numbers do not explain; up to that much may be huge pages backing memory the heap does not use (khugepaged collapsing partly used or returned ranges) — or memory outside Go (see non-go-memory).`
      : ` RSS exceeds what the runtime accounts for by at most ${mib(excessMiB(rows, worst.index))} (${at(worst.at)}), under the ${mib(thresholds.thpMiB)} threshold, so the huge pages add nothing measurable here; how much more a 4 KiB mapping would have needed cannot be seen from outside.`
    return {
      id: 'thp',
      severity: costly ? 'warn' : 'info',
      title: costly ? 'Transparent huge pages may inflate RSS' : 'Most of RSS is mapped with transparent huge pages',
      because:
        `At ${at(most.at)}, ${mib(huge)} of the ${mib(rssMiB(most))} RSS (${percent(share)}) were transparent huge pages (AnonHugePages); at the last sample (${at(end.at)}) ${mib(hugeMiB(rows, end.index))}. ${mapping}${cost} ` +
        `${modeText(mode, context)} ` +
        `Go 1.21.0–1.21.3 changed the heap’s huge-page handling (golang/go#59960, #61718, #64332) and Go 1.21.4 and later leave it to the kernel.`,
      evidence: [
        {label: 'AnonHugePages (largest)', value: round(huge), unit: 'MiB', at: most.at},
        {label: 'share of RSS then', value: round(share * 100), unit: '%', at: most.at},
        {label: 'AnonHugePages at the end', value: round(hugeMiB(rows, end.index)), unit: 'MiB', at: end.at},
        {label: 'RSS not explained by the runtime, at the end (bounds the huge-page excess)', value: round(excessNow), unit: 'MiB', at: end.at},
        {label: 'peak Go heap by then', value: heapAtMost, unit: 'MB', at: most.at},
      ],
      advice: [
        'See where huge pages are: grep AnonHugePages /proc/PID/smaps_rollup, and per mapping in /proc/PID/smaps.',
        'If they cost memory, follow the GC guide’s settings: /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none = 0 (khugepaged then collapses only fully used ranges) and defrag = defer or defer+madvise; or enabled = madvise or never.',
        'On Go 1.21.0–1.21.3, upgrade (1.21.4+ no longer marks heap memory for huge pages). GODEBUG=disablethp=1 turns huge pages off for the heap (inferred: Go 1.21.6+ and 1.22+; its documentation cites golang/go#64332).',
      ],
      references: [
        'https://go.dev/doc/gc-guide#Linux_transparent_huge_pages',
        'https://github.com/golang/go/issues/8832',
        'https://github.com/golang/go/issues/55328',
        'https://github.com/golang/go/issues/59960',
        'https://github.com/golang/go/issues/61718',
        'https://github.com/golang/go/issues/64332',
        'https://www.kernel.org/doc/html/latest/admin-guide/mm/transhuge.html',
      ],
      explainsMiB: costly ? round(excessNow) : 0,
    }
  },
}

/** The bracketed choice of /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise] never" → madvise). */
export function thpMode(text: string | null): string | null {
  if (text === null) return null
  return /\[(\w+)\]/.exec(text)?.[1] ?? (text.trim() === '' ? null : text.trim())
}

function modeText(mode: string | null, context: RuleContext): string {
  const {goVersions} = context
  const old = (goVersions.maxMinor ?? Number.POSITIVE_INFINITY) <= 20
  const runtimePolicy = `Go 1.20 and earlier${old && goVersions.exact ? ` (this is ${goVersions.label})` : ''} mark heap ranges MADV_HUGEPAGE when they are reused (sysUsed) and set MADV_NOHUGEPAGE on the edges of ranges they return (sysUnused), so that khugepaged does not re-inflate returned memory — a guard the background scavenger, returning 64 KiB at a time, rarely triggers (golang/go#55328, filed against Go 1.19).`
  if (mode === 'madvise') return `THP was “madvise” (recorded): the kernel uses huge pages only where the process asked with MADV_HUGEPAGE — the Go runtime does (Go 1.20 and earlier, and 1.21.0–1.21.3), C code may. ${runtimePolicy}`
  if (mode === 'always') return `THP was “always” (recorded): khugepaged may collapse any anonymous range into huge pages, including heap the scavenger returned (up to 512× a 4 KiB page, golang/go#8832). ${runtimePolicy}`
  if (mode === 'never') return `THP was recorded as “never” now, so these huge pages were made before it was switched off. ${runtimePolicy}`
  return `The THP setting was not recorded (cat /sys/kernel/mm/transparent_hugepage/enabled). ${runtimePolicy}`
}
