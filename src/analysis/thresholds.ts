// Every number a finding is judged by, with its unit and why it is where it is. Each can be set
// from the command line (`--threshold name=value`); docs/diagnosis.md lists them.

export interface Thresholds {
  /** RSS above everything the runtime accounts for, MiB and share of RSS, before non-go-memory speaks. Go's own metadata is a few MiB. */
  outsideGoMiB: number
  outsideGoShare: number
  /** Released-but-resident (LazyFree) worth a finding, MiB. */
  madvFreeMiB: number
  /** RSS that stayed above the live heap (+ goal headroom), MiB, for peak-not-returned. */
  peakRetainedMiB: number
  /** Live heap growth that counts as a leak: MiB per minute, with a linear fit at least this good (R²). */
  leakMiBPerMinute: number
  leakMinR2: number
  /** Cycles and seconds ignored at the start as warm-up before judging growth. */
  warmupCycles: number
  /** Stacks worth a finding: MiB, or a share of the heap goal. */
  stacksMiB: number
  stacksShareOfGoal: number
  /** GC CPU (cumulative %) and cycles per second considered high. */
  gcCpuPercent: number
  cyclesPerSecond: number
  /** Heap at the end of a cycle this far above its goal (fraction) is an overshoot. */
  goalOvershootShare: number
  /** Stop-the-world pauses: p99 and max in ms. */
  stwP99Ms: number
  stwMaxMs: number
  /** Transparent huge pages worth a finding: MiB and share of RSS. */
  thpMiB: number
  thpShare: number
  /** Fewer cycles or seconds than this is too little to conclude. */
  minCycles: number
  minSeconds: number
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  outsideGoMiB: 64,
  outsideGoShare: 0.2,
  madvFreeMiB: 32,
  peakRetainedMiB: 64,
  leakMiBPerMinute: 1,
  leakMinR2: 0.8,
  warmupCycles: 5,
  stacksMiB: 64,
  stacksShareOfGoal: 0.25,
  gcCpuPercent: 25,
  cyclesPerSecond: 10,
  goalOvershootShare: 0.1,
  stwP99Ms: 10,
  stwMaxMs: 50,
  thpMiB: 64,
  thpShare: 0.25,
  minCycles: 5,
  minSeconds: 30,
}

/** `name=value` pairs from the command line over the defaults; unknown names are an error. */
export function parseThresholds(pairs: string[]): Thresholds | {error: string} {
  const thresholds: Thresholds = {...DEFAULT_THRESHOLDS}
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9]+)=(-?\d+(?:\.\d+)?)$/.exec(pair.trim())
    if (match === null) return {error: `--threshold takes name=number, not "${pair}"`}
    const name = match[1] as keyof Thresholds
    if (!(name in DEFAULT_THRESHOLDS)) return {error: `unknown threshold "${name}" (known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`}
    thresholds[name] = Number(match[2])
  }
  return thresholds
}
