// Reading a trace as it arrives (`./server 2>&1 | gctrace analyze -`): the parse of load-analysis,
// plus what a live pipe needs — --passthrough, the status line, --pid sampling, --out recording,
// and Ctrl-C ending the input rather than gctrace.
//
// Memory: lines are parsed as they arrive and not kept (the raw bytes of the last few hundred lines
// only, for passthrough); the stream is read no faster than stdout takes the passthrough output.
import {once} from 'node:events'
import {fstatSync, readFileSync, readlinkSync} from 'node:fs'
import {cpus, release} from 'node:os'

import type {RunEnvironment} from '../analysis/rules/types.js'
import type {GoVersions} from '../analysis/runtime.js'
import {UsageError} from '../errors.js'
import {type LogBatch, type LogFormat, type LogReading, LogUnwrapper} from '../input/log-format.js'
import type {Input} from '../input/open-input.js'
import {RawLineSplitter} from '../input/raw-lines.js'
import {readGoVersion} from '../memory/go-version.js'
import {defaultSource, type MemorySample, MemorySampler, processStartEpochMs, psElapsedSeconds} from '../memory/proc-sampler.js'
import type {RssSample} from '../memory/types.js'
import {messages} from '../messages.js'
import {type Trace, TraceParser} from '../trace/parse-trace.js'
import {HeapGuard} from './heap-guard.js'
import {LiveStatus} from './live-status.js'
import {Passthrough} from './passthrough.js'
import {RecordingWriter} from './recording-writer.js'
import {processEnvironment, readThp} from './system-info.js'

export interface LiveRequest {
  passthrough: boolean
  /** Sample this process's memory while reading. */
  pid?: number | undefined
  intervalMs: number
  /** Write a recording folder here. */
  out?: string | undefined
  stdout: NodeJS.WriteStream
  /** Where the status line goes (a TTY only). */
  statusTo?: NodeJS.WriteStream | undefined
  environment?: RunEnvironment | null
  goVersion?: GoVersions | undefined
  /**
   * Without --passthrough, a collector's log on the pipe (`kubectl logs --timestamps … | gctrace
   * analyze -`) is unwrapped as a file would be: this format, or the one its first lines have.
   */
  format?: LogFormat | undefined
  /** The year of journalctl's yearless times. */
  year?: number | undefined
}

export interface LiveResult {
  trace: Trace
  samples: RssSample[] | null
  /** Where --out wrote the recording. */
  recordingDir: string | undefined
  /** Read until the end, or cut short by Ctrl-C. */
  interrupted: boolean
  /** Notes for the user (sampling fell back to ps, the process ended, …). */
  notes: string[]
  /** The --pid process's recorded environment (GODEBUG, GOGC, …), when readable. */
  environment: Record<string, string | null> | null
  /** How the input was unwrapped (its log format); null with --passthrough, which reads it as it is. */
  reading: LogReading | null
}

/** Reads `input` to its end (or Ctrl-C), doing what `request` asks on the way. */
export async function parseLive(input: Input, request: LiveRequest): Promise<LiveResult> {
  const notes: string[] = []
  let status: LiveStatus | undefined
  const passthrough = request.passthrough ? new Passthrough() : undefined
  const parser = new TraceParser((event) => {
    passthrough?.onEvent(event)
    status?.onEvent(event)
  })
  const splitter = new RawLineSplitter(passthrough !== undefined)
  const heap = new HeapGuard()
  // Passthrough gives back the input's own bytes, so it reads the lines as they are.
  const unwrapper = passthrough === undefined ? new LogUnwrapper(request.format, {name: input.name, year: request.year}) : undefined
  const parseBatch = (batch: LogBatch | null): void => {
    if (batch !== null) parser.pushBatch(batch.lines, batch.wallMs)
  }


  // --pid: the process's memory, on the trace's clock (seconds since the process started).
  const samples: RssSample[] = []
  let sampler: MemorySampler | undefined
  let startEpochMs: number | null = null
  let environment: Record<string, string | null> | null = null
  let processInfo: ProcessInfo = {command: null, args: [], executable: null, goVersion: null}
  if (request.pid !== undefined) {
    const pid = request.pid
    if (!processExists(pid)) throw new UsageError(messages.pidNotFound(pid))
    environment = processEnvironment(pid)
    // Read now: by the end of the input the process may be gone, and its /proc with it.
    processInfo = describeProcess(pid)
    const source = defaultSource()
    startEpochMs = source === 'proc' ? processStartEpochMs(pid) : await psStart(pid)
    if (startEpochMs === null) notes.push(messages.pidStartUnknown(pid))
    if (source === 'ps') notes.push(messages.sampledWithPs())
    sampler = new MemorySampler({
      pid,
      intervalMs: request.intervalMs,
      source,
      startAtS: startEpochMs === null ? 0 : (Date.now() - startEpochMs) / 1000,
      onSample: (s) => {
        const sample = toRssSample(s)
        samples.push(sample)
        status?.onSample(sample)
        writer?.sample(s)
      },
    })
  }

  if (request.statusTo !== undefined) status = new LiveStatus(request.statusTo, {environment: environment ?? request.environment ?? null, goVersion: request.goVersion})
  let writer: RecordingWriter | undefined
  if (request.out !== undefined) {
    try {
      writer = RecordingWriter.open(request.out, {stdout: false, cgroupColumns: sampler?.cgroup != null})
    } catch (error) {
      throw new UsageError(messages.cannotWrite(request.out, error))
    }
  }
  const startedEpochMs = Date.now()
  sampler?.start()

  // Ctrl-C ends the input: the analysis of what arrived follows. A second one ends gctrace.
  // Each read races a promise of its own: racing every read against one long-lived promise would
  // keep every chunk read reachable from it (a Promise.race leak), and memory would grow with the input.
  let interrupted = false
  let interruptRead: (() => void) | undefined
  const onSigint = () => {
    if (interrupted) process.exit(130)
    interrupted = true
    interruptRead?.()
  }
  process.on('SIGINT', onSigint)
  const nextOrInterrupt = (next: Promise<IteratorResult<Buffer>>): Promise<IteratorResult<Buffer> | 'interrupted'> => {
    if (interrupted) return Promise.resolve('interrupted')
    return Promise.race([next, new Promise<'interrupted'>((resolve) => (interruptRead = () => resolve('interrupted')))])
  }

  // Passthrough to the terminal the status is on: the status is erased before each write.
  const sameTerminal = status?.active === true && request.stdout.isTTY === true && request.statusTo !== undefined && sameDevice(request.stdout, request.statusTo)
  let lines = 0
  const emit = async (texts: string[], raws: Buffer[]) => {
    for (let i = 0; i < texts.length; i++) {
      lines++
      if (passthrough !== undefined) passthrough.remember(lines, raws[i] as Buffer, texts[i] as string)
      if (unwrapper === undefined) parser.push(texts[i] as string)
      else unwrapper.push(texts[i] as string)
    }
    if (unwrapper !== undefined) parseBatch(unwrapper.take())
    heap.check(parser.cyclesSoFar, input.name)
    const out = passthrough?.take()
    if (out !== undefined) {
      if (sameTerminal) status?.clear()
      if (!request.stdout.write(out)) await once(request.stdout, 'drain')
    }
    status?.progress(lines)
  }

  const iterator = input.chunks[Symbol.asyncIterator]()
  try {
    for (;;) {
      const next = await nextOrInterrupt(iterator.next())
      interruptRead = undefined
      if (next === 'interrupted' || next.done === true) break
      writer?.trace(next.value)
      const {texts, raws} = splitter.push(next.value)
      if (texts.length > 0) await emit(texts, raws)
    }
    const rest = splitter.end()
    if (!interrupted || rest.texts.length > 0) await emit(rest.texts, rest.raws)
  } finally {
    process.off('SIGINT', onSigint)
    // The second Ctrl-C still ends gctrace while the analysis is written.
    if (interrupted) process.once('SIGINT', () => process.exit(130))
    sampler?.stop()
    status?.done()
    if (interrupted) {
      // A read may still be waiting on the pipe: close it, or it would keep gctrace running.
      if (input.name === 'stdin') process.stdin.destroy()
      void iterator.return?.()
    }
  }
  if (unwrapper !== undefined) parseBatch(unwrapper.end())
  const trace = parser.end()
  const tail = passthrough?.take()
  if (tail !== undefined && !request.stdout.write(tail)) await once(request.stdout, 'drain')

  if (writer !== undefined) {
    writer.finish(liveMeta(request, processInfo, environment, startEpochMs, startedEpochMs, sampler, writer.sampleCount))
  }
  if (request.pid !== undefined && samples.length === 0) notes.push(messages.pidNoSamples(request.pid))
  return {trace, samples: request.pid === undefined ? null : samples, recordingDir: request.out, interrupted, notes, environment, reading: unwrapper?.reading ?? null}
}

function toRssSample(s: MemorySample): RssSample {
  const sample: RssSample = {at: s.tS, rssKiB: s.vmrssKiB, epochMs: s.epochMs}
  if (s.anonKiB !== null) sample.anonKiB = s.anonKiB
  if (s.fileKiB !== null) sample.fileKiB = s.fileKiB
  if (s.lazyFreeKiB !== null) sample.lazyFreeKiB = s.lazyFreeKiB
  if (s.anonHugeKiB !== null) sample.anonHugeKiB = s.anonHugeKiB
  if (s.cgroup !== null) sample.cgroupKiB = s.cgroup.currentKiB
  return sample
}

/** Two streams on the same terminal device. */
function sameDevice(a: NodeJS.WriteStream, b: NodeJS.WriteStream): boolean {
  const fdOf = (s: NodeJS.WriteStream) => (s as NodeJS.WriteStream & {fd?: number}).fd
  const fa = fdOf(a)
  const fb = fdOf(b)
  if (fa === undefined || fb === undefined) return true
  try {
    return fstatSync(fa).rdev === fstatSync(fb).rdev
  } catch {
    return true
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it is someone else's (its /proc may still be readable).
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function psStart(pid: number): Promise<number | null> {
  const elapsed = await psElapsedSeconds(pid)
  return elapsed === null ? null : Date.now() - elapsed * 1000
}

interface ProcessInfo {
  command: string | null
  args: string[]
  executable: string | null
  goVersion: string | null
}

/** The command line, executable and Go version of a running process (Linux /proc); nulls where unreadable. */
function describeProcess(pid: number): ProcessInfo {
  const info: ProcessInfo = {command: null, args: [], executable: null, goVersion: null}
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    if (argv.at(-1) === '') argv.pop()
    info.command = argv[0] ?? null
    info.args = argv.slice(1)
  } catch {
    // gone, or not Linux
  }
  try {
    info.executable = readlinkSync(`/proc/${pid}/exe`)
    info.goVersion = readGoVersion(`/proc/${pid}/exe`).version
  } catch {
    // not ours to read
  }
  return info
}

/** meta.json of a recording made from a pipe: what can be known about the process behind it. */
function liveMeta(request: LiveRequest, info: ProcessInfo, environment: Record<string, string | null> | null, startEpochMs: number | null, startedEpochMs: number, sampler: MemorySampler | undefined, samples: number): object {
  const pid = request.pid
  const {command, args, executable, goVersion} = info
  const cgroup = sampler?.cgroup
  const limit = cgroup?.read()?.maxKiB ?? null
  return {
    program: command === null ? null : command.split('/').at(-1),
    command,
    args,
    env: environment,
    goVersion,
    ...(startEpochMs === null ? {} : {startEpochMs}),
    readingStartedEpochMs: startedEpochMs,
    durationS: Number(((Date.now() - startedEpochMs) / 1000).toFixed(3)),
    exitCode: null,
    signal: null,
    kernel: release(),
    thp: readThp(),
    cpus: cpus().length,
    cgroup: cgroup == null ? null : {version: cgroup.version, path: cgroup.path, limitKiB: limit},
    pid: pid ?? null,
    executable,
    sampleIntervalMs: pid === undefined ? null : request.intervalMs,
    samples,
    sampler: sampler === undefined ? null : {source: sampler.source, ...sampler.cost()},
    recordedWith: `gctrace analyze ${process.argv.slice(3).join(' ')}`.trim(),
  }
}
