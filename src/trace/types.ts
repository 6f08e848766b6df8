// The typed events that come out of the grammars. One name per idea: a "cycle" is one garbage
// collection as one gc line reports it; the "scavenger" returns memory to the OS.

/** Seconds since process start, as the runtime's `@Ns` counts them. */
export type Seconds = number

/** How a cycle was started, as far as the trace can tell. */
export type Trigger = 'heap' | 'periodic' | 'user'

/** The gc line layouts, named after the first Go release that printed them. */
export type GcLineShape = 'go1.3' | 'go1.4' | 'go1.5' | 'go1.6' | 'go1.19'

/** Where an event sits in the input: what every event carries. */
export interface Located {
  /** 1-based number of the physical input line the event starts on. */
  line: number
  /** Text before the runtime output on that line (a timestamp, `// `, a collector's prefix); '' when none. */
  prefix: string
  /**
   * Wall-clock time of that line, epoch ms, when the log format gives one (a collector's
   * timestamp: docker json-file, CRI, journald, `kubectl logs --timestamps`); null otherwise.
   */
  wallMs: number | null
}

export interface GcCycle extends Located {
  kind: 'cycle'
  shape: GcLineShape
  /** The runtime's cycle number (`gc N`). */
  seq: number
  /** Start of sweep termination; null before Go 1.5, whose line has no time. */
  at: Seconds | null
  /** Cumulative share of CPU spent in GC since start (truncated %); null before Go 1.5. */
  gcCpuPercent: number | null
  /** Wall-clock phases, ms. Go 1.3/1.4: sweepTermination holds STW + sweep termination, markTermination the stack shrink. */
  clockMs: {sweepTermination: number; mark: number; markTermination: number}
  /** CPU time per phase, ms; null before Go 1.5, which printed none. */
  cpuMs: {sweepTermination: number; assist: number; background: number; idle: number; markTermination: number} | null
  /** Phases an era printed that do not map onto the three above (Go 1.3/1.4 and 1.5), ms. */
  extraPhasesMs: Record<string, number> | null
  /** Stop-the-world time of the cycle, ms: sweep termination + mark termination (Go 1.3/1.4: the whole cycle). */
  stwMs: number
  /** Heap at cycle start, at mark termination, and marked live; floor(MiB) as printed. Go 1.3/1.4: live is null. */
  heapMB: {atStart: number; atEnd: number; live: number | null}
  goalMB: number | null
  /** Scannable goroutine stacks and globals (Go 1.19+); null where the era does not print them. */
  stacksMB: number | null
  globalsMB: number | null
  /** GOMAXPROCS at cycle start (Go 1.3/1.4: GC helper procs). */
  procs: number
  /** The line ends in ` (forced)`: runtime.GC() or debug.FreeOSMemory(). */
  forced: boolean
  trigger: Trigger
  /** Reassembled from pieces that other output had cut apart. */
  spliced: boolean
}

export type ScavengerShape =
  | 'scvg' // Go ≤1.12: `scvgN: X MB released` / `scvgN: inuse: …` (N = -1 for FreeOSMemory)
  | 'scvg-1.13' // Go 1.13: `scvg: …`, `forced scvg: …`
  | 'scav' // Go 1.14, 1.19–1.20: `scav N KiB work, N KiB total, N% util`
  | 'scav-gen' // Go 1.15–1.18: `scav G N KiB work, …`
  | 'scav-1.21' // Go 1.21+: `scav N KiB work (bg), N KiB work (eager), N KiB now, N% util`

export interface ScavengerReport extends Located {
  kind: 'scavenger'
  shape: ScavengerShape
  /** scvgN's N, or scav's generation; null where not printed. */
  generation: number | null
  /** Memory returned to the OS since the previous report, KiB (background + eager from Go 1.21). */
  releasedKiB: number | null
  /** Go 1.21+: the eager (allocation-time) part of releasedKiB. */
  eagerKiB: number | null
  /** The heap's total released to the OS after this report (HeapReleased), KiB. */
  totalReleasedKiB: number | null
  /** In-use share of the retained (unscavenged) heap, %. */
  utilPercent: number | null
  /** The scvg summary (Go ≤1.13), floor(MiB): HeapInuse, HeapIdle, HeapSys, HeapReleased, sys − released. */
  inuseMB: number | null
  idleMB: number | null
  sysMB: number | null
  consumedMB: number | null
  /** debug.FreeOSMemory(): `(forced)`, `forced scvg:` or `scvg-1:`. */
  forced: boolean
  /** ` [controller reset]`: the scavenger's pacing controller was reset. */
  controllerReset: boolean
  /** The last cycle seen before this report; reports carry no time of their own. */
  afterSeq: number | null
  spliced: boolean
}

/** `GC forced`: sysmon starts the 2-minute periodic cycle, which is the next gc line. */
export interface PeriodicGcNotice extends Located {
  kind: 'periodic-notice'
}

export type PacerShape = 'assist-ratio' | 'mark-end' | 'sweep-done' | 'cpu'

/** A gcpacertrace=1 line, its numbers by the names the runtime prints. */
export interface PacerLine extends Located {
  kind: 'pacer'
  shape: PacerShape
  values: Record<string, number>
  afterSeq: number | null
  spliced: boolean
}

/** Anything that is not runtime output, kept verbatim. */
export interface AppLine extends Located {
  kind: 'app'
  text: string
  /** The text was cut out of the middle of a runtime line and given back whole. */
  fromSplice: boolean
}

/** A line that looks like runtime output but does not parse. */
export interface UnrecognizedLine extends Located {
  kind: 'unrecognized'
  text: string
  reason: string
}

export type RuntimeEvent = GcCycle | ScavengerReport | PeriodicGcNotice | PacerLine
export type TraceEvent = RuntimeEvent | AppLine | UnrecognizedLine
