// Writes a recording folder as `gctrace run` and `gctrace analyze - --out DIR` make it
// (docs/recording.md): trace.log, stdout.log, rss.csv, meta.json. Writes are synchronous, so the
// files hold the bytes in the order they were received, and nothing is buffered in memory.
import {closeSync, existsSync, mkdirSync, openSync, readdirSync, rmdirSync, rmSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'

import type {MemorySample} from '../memory/proc-sampler.js'

/** The columns of rss.csv: the recording columns of fixtures/recordings, then the cgroup ones when sampled. */
export const RSS_COLUMNS = ['t_s', 'epoch_ms', 'vmrss_kb', 'rss_anon_kb', 'rss_file_kb', 'lazyfree_kb', 'anon_huge_kb'] as const
export const CGROUP_COLUMNS = ['cgroup_current_kb', 'cgroup_max_kb', 'cgroup_anon_kb', 'cgroup_file_kb'] as const

export const RECORDING_FILES = {trace: 'trace.log', stdout: 'stdout.log', rss: 'rss.csv', meta: 'meta.json'} as const

export interface RecordingWriterOptions {
  /** Keep the program's stdout in stdout.log. */
  stdout: boolean
  /** Add the cgroup columns to rss.csv. */
  cgroupColumns: boolean
}

export class RecordingWriter {
  private readonly traceFd: number
  private readonly stdoutFd: number | undefined
  private csvFd: number | undefined
  private samples = 0
  private closed = false

  /** Creates `dir` (and its parents) and the files; throws the file system's error. */
  private constructor(
    readonly dir: string,
    private readonly createdDir: boolean,
    private options: RecordingWriterOptions,
  ) {
    // Files of an earlier recording in the same folder would be read with this one: replace them.
    for (const name of Object.values(RECORDING_FILES)) rmSync(join(dir, name), {force: true})
    this.traceFd = openSync(join(dir, RECORDING_FILES.trace), 'w')
    this.stdoutFd = options.stdout ? openSync(join(dir, RECORDING_FILES.stdout), 'w') : undefined
  }

  static open(dir: string, options: RecordingWriterOptions): RecordingWriter {
    const existed = existsSync(dir)
    mkdirSync(dir, {recursive: true})
    return new RecordingWriter(dir, !existed, options)
  }

  /** Whether rss.csv gets the cgroup columns; settable until the first sample. */
  useCgroupColumns(on: boolean): void {
    if (this.csvFd === undefined) this.options = {...this.options, cgroupColumns: on}
  }

  get sampleCount(): number {
    return this.samples
  }

  trace(chunk: Buffer): void {
    writeAll(this.traceFd, chunk)
  }

  stdout(chunk: Buffer): void {
    if (this.stdoutFd !== undefined) writeAll(this.stdoutFd, chunk)
  }

  /** One row of rss.csv. The file is made at the first sample: a run too short for one has none. */
  sample(s: MemorySample): void {
    if (this.closed) return
    if (this.csvFd === undefined) {
      this.csvFd = openSync(join(this.dir, RECORDING_FILES.rss), 'w')
      writeSync(this.csvFd, [...RSS_COLUMNS, ...(this.options.cgroupColumns ? CGROUP_COLUMNS : [])].join(',') + '\n')
    }
    const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
    const row = [s.tS.toFixed(3), String(s.epochMs), String(s.vmrssKiB), cell(s.anonKiB), cell(s.fileKiB), cell(s.lazyFreeKiB), cell(s.anonHugeKiB)]
    if (this.options.cgroupColumns) row.push(cell(s.cgroup?.currentKiB), cell(s.cgroup?.maxKiB), cell(s.cgroup?.anonKiB), cell(s.cgroup?.fileKiB))
    writeSync(this.csvFd, row.join(',') + '\n')
    this.samples++
  }

  /** Closes the files and writes meta.json. */
  finish(meta: object): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.traceFd)
    if (this.stdoutFd !== undefined) closeSync(this.stdoutFd)
    if (this.csvFd !== undefined) closeSync(this.csvFd)
    writeFileSync(join(this.dir, RECORDING_FILES.meta), JSON.stringify(meta, null, 2) + '\n')
  }

  /** Removes what was written (the program could not be started): the folder too when this made it and it is empty. */
  discard(): void {
    if (!this.closed) {
      this.closed = true
      closeSync(this.traceFd)
      if (this.stdoutFd !== undefined) closeSync(this.stdoutFd)
      if (this.csvFd !== undefined) closeSync(this.csvFd)
    }
    for (const name of Object.values(RECORDING_FILES)) rmSync(join(this.dir, name), {force: true})
    if (this.createdDir && readdirSync(this.dir).length === 0) rmdirSync(this.dir)
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  let done = 0
  while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done)
}

/** `gctrace-<name>-<YYYYMMDD-HHMMSS>`, in local time, for a recording folder nobody named. */
export function defaultRecordingDir(name: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'program'
  return `gctrace-${safe}-${stamp}`
}
