// Memory the runtime returned to the OS that still counts in RSS: pages released with MADV_FREE
// stay mapped until the kernel needs them. Go 1.12–1.15 on Linux ≥ 4.5 by default, or any
// release with GODEBUG=madvdontneed=0.
import {describeReleases, MADV_FREE_RELEASES, madvFreeByDefault} from '../runtime.js'
import type {TimelineRow, TimelineRows} from '../timeline.js'
import {at, mib, percent} from './format.js'
import type {Finding, Rule, RuleContext} from './types.js'
import {argMax, lastRow, rssMiB} from './window.js'

const REFERENCES = [
  'https://github.com/golang/go/issues/42330',
  'https://github.com/golang/go/issues/28466',
  'https://github.com/golang/go/issues/23687',
  'https://man7.org/linux/man-pages/man2/madvise.2.html',
  'https://pkg.go.dev/runtime#hdr-Environment_Variables',
]

export const madvFree: Rule = {
  id: 'madv-free',
  detect(context) {
    const {timeline, thresholds} = context
    if (timeline === null) return {insufficientData: 'needs memory samples (--rss, or a recording folder)'}
    const {rows} = timeline
    if (rows.samples.has('lazyFreeKiB')) {
      const peak = rows.row(argMax(rows.length, (i) => rows.samples.sizeKiB('lazyFreeKiB', i) ?? 0))
      const lazyFree = (peak.sample.lazyFreeKiB ?? 0) / 1024
      if (lazyFree < thresholds.madvFreeMiB) return undefined
      const end = lastRow(timeline)
      return finding(context, {row: peak, lazyFreeMiB: lazyFree, endLazyFreeMiB: (end.sample.lazyFreeKiB ?? 0) / 1024, measured: true})
    }
    // Without LazyFree: the scavenger reports memory released while RSS stays where it was.
    const released = releasedWhileRssFlat(rows)
    if (released === undefined || released.mib < thresholds.madvFreeMiB) return undefined
    // At the end, what RSS can still hold of all that was reported released.
    const end = lastRow(timeline)
    const residentAtEnd = Math.max(0, Math.min(end.heap.releasedMiB ?? 0, rssMiB(end) - end.heap.inUseMB - (end.sample.fileKiB ?? 0) / 1024))
    if (residentAtEnd < thresholds.madvFreeMiB) return undefined
    return finding(context, {row: end, lazyFreeMiB: residentAtEnd, endLazyFreeMiB: residentAtEnd, measured: false})
  },
}

function finding(context: RuleContext, f: {row: TimelineRow; lazyFreeMiB: number; endLazyFreeMiB: number; measured: boolean}): Finding {
  const {row} = f
  const rss = rssMiB(row)
  const godebug = context.environment?.GODEBUG ?? ''
  const setByGodebug = /(^|,)madvdontneed=0(,|$)/.test(godebug)
  const byDefault = madvFreeByDefault(context.goVersions)
  const why = setByGodebug
    ? `The run had GODEBUG=${godebug}: madvdontneed=0 makes any Go release return memory with MADV_FREE.`
    : byDefault === 'yes'
      ? `${context.goVersions.label} returns memory with MADV_FREE by default on Linux 4.5 and later (${describeReleases(MADV_FREE_RELEASES.from, MADV_FREE_RELEASES.to)}).`
      : `That is what MADV_FREE does: the default of ${describeReleases(MADV_FREE_RELEASES.from, MADV_FREE_RELEASES.to)} on Linux 4.5 and later, and of any release run with GODEBUG=madvdontneed=0${byDefault === 'no' ? ` (this trace looks like ${context.goVersions.label}, so look for madvdontneed=0 in its GODEBUG)` : ''}.`
  const seen = f.measured
    ? `${mib(f.lazyFreeMiB)} of the process's ${mib(rss)} RSS (${percent(f.lazyFreeMiB / rss)}) at ${at(row.at)} were pages the Go runtime had already returned to the OS (LazyFree in /proc/PID/smaps_rollup), while the live heap was ${row.heap.liveMB} MB.`
    : `The scavenger reported ${mib(row.heap.releasedMiB ?? 0)} returned to the OS by ${at(row.at)}, yet RSS stayed at ${mib(rss)} with a live heap of ${row.heap.liveMB} MB: up to ${mib(f.lazyFreeMiB)} of RSS is memory already returned (LazyFree was not sampled; a gctrace recording samples it).`
  return {
    id: 'madv-free',
    severity: 'warn',
    title: 'Memory already returned to the OS still counts in RSS (MADV_FREE)',
    because:
      `${seen} ${why} The kernel leaves such pages in place, still counted in RSS, until it runs short of memory, and then takes them back at once without writing them anywhere: ` +
      'this is not a leak, and RSS overstates what the process needs. It matters when something acts on RSS: an OOM killer or a container limit (pages are reclaimed before an OOM kill, but alerts fire first), autoscaling, dashboards.',
    evidence: [
      {label: f.measured ? 'LazyFree (released, still resident)' : 'released by the scavenger while RSS stayed flat', value: round(f.lazyFreeMiB), unit: 'MiB', at: row.at},
      {label: 'RSS', value: round(rss), unit: 'MiB', at: row.at},
      {label: 'live heap', value: row.heap.liveMB, unit: 'MB', at: row.at},
    ],
    advice: [
      'Run with GODEBUG=madvdontneed=1 (Go 1.12+): released memory then leaves RSS at once.',
      'Or move to Go 1.16 or later, which uses MADV_DONTNEED by default on Linux.',
      'Judge memory by RSS minus LazyFree (/proc/PID/smaps_rollup) or by the runtime’s own /memory/classes metrics, not by RSS alone.',
    ],
    references: REFERENCES,
    explainsMiB: f.endLazyFreeMiB,
  }
}

/**
 * The most memory the scavenger reported released that RSS can still be holding: at each rise of
 * the released total, the rise, capped by RSS less the heap in use (a release RSS no longer has
 * room for was really given back), and only where RSS did not fall by a tenth of it. Reports
 * carry no time of their own and take that of the cycle before them, so they may come late.
 */
function releasedWhileRssFlat(rows: TimelineRows): {row: TimelineRow; mib: number} | undefined {
  let best: {row: TimelineRow; mib: number} | undefined
  for (let i = 1; i < rows.length; i++) {
    const previous = rows.row(i - 1)
    const row = rows.row(i)
    const rise = (row.heap.releasedMiB ?? 0) - (previous.heap.releasedMiB ?? 0)
    if (!(rise > 0)) continue
    const resident = Math.min(rise, rssMiB(row) - row.heap.inUseMB)
    const fell = rssMiB(previous) - rssMiB(row)
    if (resident > 0 && fell < rise / 10 && (best === undefined || resident > best.mib)) best = {row, mib: resident}
  }
  return best
}

const round = (value: number) => Math.round(value * 10) / 10
