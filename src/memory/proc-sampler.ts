// Samples a running process's memory on a fixed schedule, for `gctrace run` and `analyze --pid`.
//
// Linux: /proc/PID/status (VmRSS, RssAnon, RssFile) and /proc/PID/smaps_rollup (LazyFree,
// AnonHugePages), plus the process's memory cgroup (cgroup.ts) when it is in one. Elsewhere
// (macOS has no /proc): `ps -o rss= -p PID`, which gives RSS only — LazyFree is then unknown.
//
// Schedule: sample k is taken at k × interval after start (drift-free), the first one at once.
// A sample is skipped, never written as zeros, when the process is gone or exiting (a zombie's
// status has no VmRSS).
//
// Cost: each sample's reads are timed (wall clock, in this process: the kernel walks the
// process's page tables for smaps_rollup on our time, not the sampled process's); the figures are
// kept so that the recording can say what sampling cost (docs/recording.md).
import {execFile} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'

import {type CgroupMemory, type CgroupReading, findCgroupMemory} from './cgroup.js'

/** What /proc says about one process, KiB. Null fields are ones the source does not give. */
export interface ProcMemory {
  vmrssKiB: number
  anonKiB: number | null
  fileKiB: number | null
  lazyFreeKiB: number | null
  anonHugeKiB: number | null
}

export interface MemorySample extends ProcMemory {
  /** Seconds on the sampler's clock (since the spawn, or since the process started). */
  tS: number
  epochMs: number
  cgroup: CgroupReading | null
}

export type SampleSource = 'proc' | 'ps'

/** The cost of sampling, as measured. */
export interface SamplerCost {
  samples: number
  /** Attempts, including those skipped because the process was gone. */
  reads: number
  meanMs: number
  p99Ms: number
  maxMs: number
  /** Samples that read smaps_rollup (LazyFree, AnonHugePages); fewer than `samples` when it was too costly to read every time. */
  rollupSamples: number
  /** Mean time of a smaps_rollup read alone. */
  rollupMeanMs: number
}

/**
 * smaps_rollup walks the process's page tables under its mmap lock: ~1 ms per 40 MiB of 4 KiB
 * pages (huge pages are far cheaper), so ~25 ms per GiB. It is read at most as often as keeps it
 * under this share of the time; samples in between have no LazyFree/AnonHugePages (empty cells).
 */
export const ROLLUP_BUDGET = 0.1

const STATUS_KEYS = ['VmRSS', 'RssAnon', 'RssFile'] as const
const ROLLUP_KEYS = ['LazyFree', 'AnonHugePages'] as const

/** "Key:   1234 kB" lines → the wanted keys that are present. */
export function kbFields(text: string, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {}
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const colon = text.indexOf(':', start)
    if (colon > start && colon < end) {
      const key = text.slice(start, colon)
      if (keys.includes(key)) {
        const value = text.slice(colon + 1, end).trim()
        if (value.endsWith(' kB')) out[key] = Number(value.slice(0, -3))
      }
    }
    start = end + 1
  }
  return out
}

/**
 * Reads /proc/PID/status and smaps_rollup; null when the process is gone or exiting. A kernel
 * without smaps_rollup (before 4.14) gives LazyFree and AnonHugePages as null.
 */
export function readProcMemory(pid: number, procRoot = '/proc', withRollup = true): ProcMemory | null {
  let status: string
  try {
    status = readFileSync(`${procRoot}/${pid}/status`, 'latin1')
  } catch {
    return null
  }
  const s = kbFields(status, STATUS_KEYS)
  if (s.VmRSS === undefined) return null
  let r: Record<string, number> = {}
  if (withRollup) {
    try {
      r = kbFields(readFileSync(`${procRoot}/${pid}/smaps_rollup`, 'latin1'), ROLLUP_KEYS)
    } catch {
      // gone between the two reads, or no smaps_rollup: the status part still stands
    }
  }
  return {
    vmrssKiB: s.VmRSS,
    anonKiB: s.RssAnon ?? null,
    fileKiB: s.RssFile ?? null,
    lazyFreeKiB: r.LazyFree ?? null,
    anonHugeKiB: r.AnonHugePages ?? null,
  }
}

/** `ps -o rss= -p PID` (KiB on Linux, macOS and the BSDs); null when the process is gone. */
export function psRss(pid: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], {timeout: 5000}, (error, stdout) => {
      const value = Number(String(stdout).trim())
      resolve(error !== null || String(stdout).trim() === '' || !Number.isFinite(value) ? null : value)
    })
  })
}

/** Seconds since the process started, from `ps -o etimes=` (or `etime=` [[dd-]hh:]mm:ss); null when unknown. */
export function psElapsedSeconds(pid: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'etime=', '-p', String(pid)], {timeout: 5000}, (error, stdout) => {
      if (error !== null) return resolve(null)
      const match = /^\s*(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)\s*$/.exec(String(stdout))
      if (match === null) return resolve(null)
      const [, d, h, m, s] = match
      resolve(Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s))
    })
  })
}

/** When `pid` started, as epoch ms, from /proc/PID/stat and /proc/stat's btime; null when unknown. */
export function processStartEpochMs(pid: number, procRoot = '/proc', ticksPerSecond = 100): number | null {
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'latin1')
    // comm may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const startTicks = Number(fields[19]) // field 22 overall: starttime
    const btime = /^btime (\d+)$/m.exec(readFileSync(`${procRoot}/stat`, 'latin1'))?.[1]
    if (btime === undefined || !Number.isFinite(startTicks)) return null
    return Number(btime) * 1000 + (startTicks / ticksPerSecond) * 1000
  } catch {
    return null
  }
}

/** Which source works here: /proc when it is there, else ps. */
export function defaultSource(procRoot = '/proc'): SampleSource {
  return existsSync(`${procRoot}/self/status`) ? 'proc' : 'ps'
}

export interface SamplerOptions {
  pid: number
  intervalMs: number
  /** hrtime (ns) that t_s counts from: the spawn. Default: when the sampler is made. */
  origin?: bigint
  /** Seconds added to every t_s: the process's age at `origin` (for a process already running). */
  startAtS?: number
  source?: SampleSource
  /** Sample the process's memory cgroup too (default: when it is in one). */
  cgroup?: CgroupMemory | null
  onSample: (sample: MemorySample) => void
}

/** Samples one process until stop() or until it is gone. */
export class MemorySampler {
  readonly source: SampleSource
  readonly cgroup: CgroupMemory | null
  private readonly started: bigint
  private timer: NodeJS.Timeout | undefined
  private k = 0
  private stopped = false
  private readonly durationsMs: number[] = []
  private reads = 0
  private samples = 0
  private busy = false
  private rollupDueS = 0
  private rollupSamples = 0
  private rollupMs = 0

  constructor(private readonly options: SamplerOptions) {
    this.started = options.origin ?? process.hrtime.bigint()
    this.source = options.source ?? defaultSource()
    this.cgroup = options.cgroup === undefined ? (this.source === 'proc' ? findCgroupMemory(options.pid) : null) : options.cgroup
  }

  start(): void {
    this.timer = setTimeout(() => this.tick(), 0)
  }

  /** Stops sampling; a ps read still running is dropped. */
  stop(): void {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
  }

  cost(): SamplerCost {
    const sorted = [...this.durationsMs].sort((a, b) => a - b)
    const round = (x: number) => Math.round(x * 1000) / 1000
    const mean = sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length
    return {
      samples: this.samples,
      reads: this.reads,
      meanMs: round(mean),
      p99Ms: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0),
      maxMs: round(sorted.at(-1) ?? 0),
      rollupSamples: this.rollupSamples,
      rollupMeanMs: round(this.rollupSamples === 0 ? 0 : this.rollupMs / this.rollupSamples),
    }
  }

  private elapsedS(): number {
    return Number(process.hrtime.bigint() - this.started) / 1e9
  }

  private tick(): void {
    if (this.stopped) return
    if (this.busy) return this.schedule()
    const t = this.elapsedS()
    const before = process.hrtime.bigint()
    this.reads++
    if (this.source === 'proc') {
      const withRollup = t >= this.rollupDueS
      const memory = readProcMemory(this.options.pid, '/proc', withRollup)
      if (withRollup && memory !== null && memory.lazyFreeKiB !== null) {
        const ms = Number(process.hrtime.bigint() - before) / 1e6
        this.rollupSamples++
        this.rollupMs += ms
        this.rollupDueS = t + (ms / 1000) / ROLLUP_BUDGET
      }
      const cgroup = memory === null ? null : (this.cgroup?.read() ?? null)
      this.record(before, t, memory, cgroup)
      this.schedule()
      return
    }
    this.busy = true
    void psRss(this.options.pid).then((rss) => {
      this.busy = false
      const memory = rss === null ? null : {vmrssKiB: rss, anonKiB: null, fileKiB: null, lazyFreeKiB: null, anonHugeKiB: null}
      this.record(before, t, memory, null)
    })
    this.schedule()
  }

  private record(before: bigint, t: number, memory: ProcMemory | null, cgroup: CgroupReading | null): void {
    const ms = Number(process.hrtime.bigint() - before) / 1e6
    // The last 100,000 durations are enough for the figures (7 hours at 250 ms).
    if (this.durationsMs.length >= 100_000) this.durationsMs.shift()
    this.durationsMs.push(ms)
    if (memory === null || this.stopped) return
    this.samples++
    this.options.onSample({...memory, tS: (this.options.startAtS ?? 0) + t, epochMs: Date.now(), cgroup})
  }

  private schedule(): void {
    if (this.stopped) return
    this.k++
    const dueS = (this.k * this.options.intervalMs) / 1000
    // Timers may fire a little early (the loop caches its clock): round up.
    const waitMs = Math.max(0, Math.ceil((dueS - this.elapsedS()) * 1000))
    this.timer = setTimeout(() => this.tick(), waitMs)
  }
}
