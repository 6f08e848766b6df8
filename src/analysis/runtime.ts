// What each Go release does that decides where memory goes. Every statement names the releases it
// holds for; sources are in docs/diagnosis.md (runtime source read per release, golang/go issues).

/** Releases a statement applies to, as Go 1.x minor numbers; max null = and later. */
export interface GoVersions {
  minMinor: number | null
  maxMinor: number | null
  /** Read from the binary or given with --go-version, rather than guessed from line shapes. */
  exact: boolean
  label: string
}

/** From `--go-version` text such as "1.14", "go1.14.2", "1.21.0". */
export function parseGoVersion(text: string): GoVersions | undefined {
  const match = /^(?:go)?1\.(\d+)(?:\.(\d+))?/.exec(text.trim())
  if (match === null) return undefined
  const minor = Number(match[1])
  return {minMinor: minor, maxMinor: minor, exact: true, label: `Go ${match[0].replace(/^go/, '')}`}
}

export type Tristate = 'yes' | 'no' | 'maybe'

function within(v: GoVersions, from: number, to: number | null): Tristate {
  const lo = v.minMinor ?? 0
  const hi = v.maxMinor ?? Number.POSITIVE_INFINITY
  const top = to ?? Number.POSITIVE_INFINITY
  if (lo >= from && hi <= top) return 'yes'
  if (hi < from || lo > top) return 'no'
  return 'maybe'
}

/** Go 1.12–1.15 return memory with MADV_FREE on Linux ≥ 4.5 (CL 135395; 1.16 went back, golang/go#42330). */
export const MADV_FREE_RELEASES = {from: 12, to: 15} as const
export const madvFreeByDefault = (v: GoVersions): Tristate => within(v, MADV_FREE_RELEASES.from, MADV_FREE_RELEASES.to)

/** Go 1.13 replaced the sysmon scavenger (spans idle 5 min, checked every ~2.5 min) with a background one. */
export const hasBackgroundScavenger = (v: GoVersions): Tristate => within(v, 13, null)

/** Since Go 1.18 the heap goal counts stacks and globals: goal = live + (live + stacks + globals) × GOGC/100. */
export const goalCountsStacks = (v: GoVersions): Tristate => within(v, 18, null)

/** GOMEMLIMIT / debug.SetMemoryLimit exist from Go 1.19. */
export const hasMemoryLimit = (v: GoVersions): Tristate => within(v, 19, null)

/** sysmon forces a cycle when none ran for this long (forcegcperiod, every release). */
export const PERIODIC_GC_SECONDS = 120

/** The background scavenger keeps this much over the heap goal (retainExtraPercent, Go 1.13+). */
export const SCAVENGER_RETAIN_EXTRA_PERCENT = 10

/** Words for the releases a statement holds for: "Go 1.12–1.15", "Go 1.19 and later". */
export function describeReleases(from: number, to: number | null): string {
  if (to === null) return `Go 1.${from} and later`
  return from === to ? `Go 1.${from}` : `Go 1.${from}–1.${to}`
}

/** The runtime's minimum heap goal, MiB (defaultHeapMinimum = 4 << 20, scaled by GOGC/100): goals at or below it say nothing about pacing. */
export const HEAP_MINIMUM_MIB = 4

/** Sizes in gc lines are floor(MiB): a change must be at least this many MB to be more than rounding. */
export const FLOOR_NOISE_MB = 2

/** "" when the Go version is known to be within `from`–`to`; otherwise " (Go 1.18 and later)", so a statement says which releases it holds for. */
export function releasesNote(versions: GoVersions, from: number, to: number | null): string {
  const lo = versions.minMinor ?? 0
  const hi = versions.maxMinor ?? Number.POSITIVE_INFINITY
  const inside = lo >= from && hi <= (to ?? Number.POSITIVE_INFINITY)
  return versions.exact && inside ? '' : ` (${describeReleases(from, to)})`
}
