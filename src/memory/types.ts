// What the memory stage hands on: samples of the process's resident memory, on gctrace's clock
// (seconds since process start, as the runtime's `@Ns` counts them), whatever file they came from.
import type {Seconds} from '../trace/types.js'
import type {SampleColumns} from './sample-columns.js'

/** The sample files gctrace reads, each recognised by its content. */
export type SampleFormat = 'recording-csv' | 'generic-csv' | 'prometheus-json'

/** Units a memory column can be given in: 'kB' and 'MB' are SI (10³, 10⁶ bytes), 'KiB' and 'MiB' binary. */
export type MemoryUnit = 'B' | 'KiB' | 'kB' | 'MiB' | 'MB'

/** One sample of the process's memory. Every size is KiB (1024 bytes), as /proc counts them. */
export interface RssSample {
  /** Seconds since process start: the clock of gctrace's `@Ns`. */
  at: Seconds
  /** Resident set size (VmRSS, process_resident_memory_bytes, container_memory_rss…). */
  rssKiB: number
  /** RssAnon and RssFile of /proc/PID/status (recording CSV only). */
  anonKiB?: number
  fileKiB?: number
  /** Pages released with MADV_FREE that still count in RSS (smaps_rollup LazyFree). */
  lazyFreeKiB?: number
  /** Transparent huge pages (smaps_rollup AnonHugePages). */
  anonHugeKiB?: number
  /** Memory charged to the process's cgroup (memory.current), when recorded. */
  cgroupKiB?: number
  /** Wall-clock time of the sample, when the file has one. */
  epochMs?: number
}

/** Rows left out of a series, grouped by why. */
export interface DroppedRows {
  count: number
  reason: string
}

/** Samples read from one file, in time order, with an account of what was read and left out. */
export interface SampleSeries {
  format: SampleFormat
  samples: SampleColumns
  dropped: DroppedRows[]
  /** The columns (or series) read, as the file names them. */
  columns: string[]
  /** The process start in wall-clock time, when known. */
  startEpochMs: number | null
  /** Choices made while reading (columns, units, time base), one sentence each. */
  notes: string[]
}

/** What a reader may be told besides the file itself. */
export interface SampleOptions {
  /** The process start, from `--process-start`: places wall-clock samples on the trace's clock. */
  processStartEpochMs?: number
  /** The process start as worked out from wall-clock prefixes in the trace; used when processStartEpochMs is not given. */
  traceStartEpochMs?: number
  /** The memory column's unit (`--rss-unit`); overrides what the header says. */
  unit?: MemoryUnit
  /** What to call the input in messages; readSamples passes the path. */
  name?: string
}
