// The pipeline every reading command runs: what the user named (a trace, a recording folder,
// stdin) and the memory samples → parsed trace → analysis. Commands differ only in what they
// render. Failures are typed errors (InputError, UsageError: exit 2; NoTraceError: exit 3).
// A live pipe (--passthrough, --pid, --out, the status line) reads through live-input.ts.
import {open} from 'node:fs/promises'
import {constants as zlibConstants, gunzipSync} from 'node:zlib'

import {analyzeTrace, type Analysis, diagnosedSegmentIndex, hasRuntimeOutput, type NamedLogReading} from '../analysis/index.js'
import {parseGoVersion} from '../analysis/runtime.js'
import {parseThresholds} from '../analysis/thresholds.js'
import {deriveWallClock} from '../analysis/wall-clock.js'
import {NoTraceError, UsageError} from '../errors.js'
import {logFormatMessages} from '../input/formats/messages.js'
import {createLogReading, LOG_FORMATS, type LogFormat, type LogReading, LogUnwrapper, type UnwrapOptions} from '../input/log-format.js'
import {type Input, openInput} from '../input/open-input.js'
import {byRotationAge} from '../input/rotation.js'
import {LineSplitter} from '../input/split-lines.js'
import {isoToEpochMs} from '../memory/clock.js'
import {readSamples} from '../memory/read-samples.js'
import {SampleColumns} from '../memory/sample-columns.js'
import type {MemoryUnit, SampleSeries} from '../memory/types.js'
import {messages} from '../messages.js'
import {type Trace, TraceParser} from '../trace/parse-trace.js'
import {HeapGuard} from './heap-guard.js'
import {type LiveRequest, parseLive} from './live-input.js'
import {environmentOf, findRecording, type Recording, type RecordingMeta} from './recording.js'
import {createProgress} from './terminal.js'

export interface LoadRequest {
  /** A file, a recording folder, or '-'. */
  path: string
  /**
   * Several files of one process (rotated logs: trace.log trace.log.1.gz …), read one after the
   * other as one trace, oldest first: by the first wall-clock time in each when every file has one,
   * else by their names (x.2.gz before x.1 before x). Wins over `path` when given.
   */
  paths?: string[] | undefined
  /** The log collector's format (--format); detected per file when undefined. */
  format?: string | undefined
  rss?: string | undefined
  processStart?: string | undefined
  rssUnit?: string | undefined
  goVersion?: string | undefined
  thresholds?: string[] | undefined
  /** Where progress is drawn (a TTY only); undefined for none. */
  progressTo?: NodeJS.WriteStream | undefined
  /** Read as a live pipe: passthrough, --pid sampling, --out, the status line (live-input.ts). */
  live?: Omit<LiveRequest, 'environment' | 'goVersion'> | undefined
}

export interface Loaded {
  analysis: Analysis
  /** What to call the input: the folder, the path, or "stdin". */
  name: string
  recording: Recording | undefined
  series: SampleSeries | null
  /** A live read: Ctrl-C ended it, where --out wrote, notes for the user. */
  live?: {interrupted: boolean; recordingDir: string | undefined; notes: string[]}
}

export async function loadAnalysis(request: LoadRequest): Promise<Loaded> {
  checkAnalysisOptions(request)
  const format = checkFormat(request.format)
  const paths = request.paths !== undefined && request.paths.length > 0 ? request.paths : [request.path]
  if (paths.length > 1) {
    for (const path of paths) if (path === '-' || findRecording(path) !== undefined) throw new UsageError(logFormatMessages.severalNotFiles(path))
  }
  const only = paths.length === 1 ? (paths[0] as string) : undefined
  const recording = only === undefined || only === '-' ? undefined : findRecording(only)
  const year = yearOf(request.processStart)
  if (only !== undefined && request.live !== undefined) return {...(await loadLive(request, {...request.live, format, year}, recording)), name: recording?.dir ?? (only === '-' ? 'stdin' : only)}
  const traces = recording === undefined ? paths : [...(recording.rotations ?? []), recording.tracePath]
  const ordered = traces.length > 1 ? await orderByTime(traces, format, year) : [recording?.tracePath ?? (paths[0] as string)]
  const name = recording?.dir ?? (only === '-' ? 'stdin' : ordered.join(', '))
  const {trace, readings} = await parseInput(ordered, format, year, request.progressTo)
  throwWhenNoTrace(trace)
  return {...(await analyzeParsed(trace, request, recording, undefined, readings)), name}
}

/**
 * The analysis of a trace already parsed — `gctrace run` parses the program's stderr as it comes
 * and then reads its own recording folder's samples and meta.json exactly as `analyze DIR` does.
 */
export async function analyzeParsed(
  trace: Trace,
  request: Omit<LoadRequest, 'path' | 'progressTo' | 'live'>,
  recording: Recording | undefined,
  liveSeries: SampleSeries | undefined,
  logReadings?: NamedLogReading[],
): Promise<Loaded> {
  const {thresholds} = checkAnalysisOptions(request)
  const rssPath = request.rss ?? recording?.rssPath ?? undefined
  // Each segment's wall clock, worked out once: the diagnosed one's process start places
  // wall-clock samples (when the trace's own times give one), and the analysis shows them all.
  const wallClocks = trace.segments.map((segment) => deriveWallClock(segment))
  const diagnosed = diagnosedSegmentIndex(trace)
  const traceStart = diagnosed < 0 ? null : (wallClocks[diagnosed]?.processStartMs ?? null)
  const series = liveSeries ?? (rssPath === undefined ? null : await readSeries(rssPath, request, recording, traceStart))
  const version = request.goVersion ?? metaGoVersion(recording?.meta ?? null)
  const goVersion = version === undefined ? undefined : parseGoVersion(version)
  const analysis = analyzeTrace(trace, {
    samples: series?.samples ?? null,
    thresholds,
    environment: environmentOf(recording?.meta ?? null),
    ...(goVersion === undefined ? {} : {goVersion}),
    ...(logReadings === undefined ? {} : {logReadings}),
    wallClocks,
  })
  return {analysis, name: recording?.dir ?? 'stdin', recording, series}
}

/** Throws UsageError for thresholds or a Go version that cannot be read: before any work is done. */
export function checkAnalysisOptions(request: {thresholds?: string[] | undefined; goVersion?: string | undefined}) {
  const thresholds = parseThresholds(request.thresholds ?? [])
  if ('error' in thresholds) throw new UsageError(thresholds.error)
  const goVersionText = request.goVersion
  if (goVersionText !== undefined && parseGoVersion(goVersionText) === undefined) throw new UsageError(messages.badGoVersion(goVersionText))
  return {thresholds, goVersionText}
}

function throwWhenNoTrace(trace: Trace): void {
  if (!hasRuntimeOutput(trace)) {
    const first = trace.unrecognized[0]
    throw new NoTraceError(first === undefined ? messages.noTrace() : messages.onlyUnrecognized(trace.lines.unrecognized, first.line, first.reason))
  }
}

/** meta.json's goVersion when it is a version (a recording of a program that is not Go has null). */
function metaGoVersion(meta: RecordingMeta | null): string | undefined {
  const version = meta?.goVersion as unknown
  return typeof version === 'string' && parseGoVersion(version) !== undefined ? version : undefined
}

async function loadLive(request: LoadRequest, live: NonNullable<LoadRequest['live']>, recording: Recording | undefined): Promise<Loaded> {
  const version = request.goVersion ?? metaGoVersion(recording?.meta ?? null)
  const goVersion = version === undefined ? undefined : parseGoVersion(version)
  const input = await openInput(recording?.tracePath ?? request.path)
  const result = await parseLive(input, {...live, environment: environmentOf(recording?.meta ?? null), goVersion})
  const liveInfo = {interrupted: result.interrupted, recordingDir: result.recordingDir, notes: result.notes}
  throwWhenNoTrace(result.trace)
  const startEpochMs = result.samples?.find((s) => s.epochMs !== undefined)
  const series: SampleSeries | undefined =
    result.samples === null || request.rss !== undefined
      ? undefined
      : {
          format: 'recording-csv',
          samples: SampleColumns.from(result.samples),
          dropped: [],
          columns: ['t_s', 'epoch_ms', 'vmrss_kb', 'rss_anon_kb', 'rss_file_kb', 'lazyfree_kb', 'anon_huge_kb'],
          startEpochMs: startEpochMs?.epochMs === undefined ? null : Math.round(startEpochMs.epochMs - startEpochMs.at * 1000),
          notes: [`sampled live from --pid ${live.pid} every ${live.intervalMs} ms`],
        }
  const meta: RecordingMeta | null = recording?.meta ?? (result.environment === null ? null : {env: result.environment})
  // A --pid process's environment counts as a recording's would (GOGC, GOMEMLIMIT, GODEBUG for the rules).
  const source = recording ?? (meta === null ? undefined : {dir: 'stdin', tracePath: '-', rssPath: null, meta})
  const readings = result.reading === null ? undefined : [{...result.reading, name: input.name}]
  const loaded = await analyzeParsed(result.trace, request, source, series, readings)
  return {...loaded, recording, live: liveInfo}
}

/** A --format value checked against the formats there are. */
function checkFormat(format: string | undefined): LogFormat | undefined {
  if (format === undefined) return undefined
  if (!(LOG_FORMATS as readonly string[]).includes(format)) throw new UsageError(logFormatMessages.unknownFormat(format, LOG_FORMATS))
  return format as LogFormat
}

/** The UTC year of --process-start: the year of journalctl's yearless short times. */
function yearOf(processStart: string | undefined): number | undefined {
  if (processStart === undefined) return undefined
  const epochMs = isoToEpochMs(processStart, true)
  return Number.isNaN(epochMs) ? undefined : new Date(epochMs).getUTCFullYear()
}

/**
 * Files in the order they were written, each unwrapped (its collector's envelope removed) and
 * parsed as one trace: lines carry their wall-clock time when the format gives one.
 */
async function parseInput(paths: string[], format: LogFormat | undefined, year: number | undefined, progressTo: NodeJS.WriteStream | undefined): Promise<{trace: Trace; readings: NamedLogReading[]}> {
  const parser = new TraceParser()
  const readings: NamedLogReading[] = []
  const heap = new HeapGuard()
  for (const path of paths) {
    const input = await openInput(path)
    const reading = createLogReading()
    const progress = progressTo === undefined ? undefined : createProgress(progressTo, input.name, input.sizeBytes)
    try {
      await readInto(parser, input, format, {name: input.name, year, reading}, () => {
        progress?.update(input.bytesRead(), parser.cyclesSoFar)
        heap.check(parser.cyclesSoFar, input.name)
      })
    } finally {
      progress?.done()
    }
    readings.push({...reading, name: input.name})
  }
  return {trace: parser.end(), readings}
}

/**
 * One input into the parser: split into lines and unwrapped until its format is known, then, for
 * a plain log (no collector envelope: most of them), the rest as bytes (TraceParser.pushBytes),
 * which reads the common lines without decoding them. `afterChunk` runs after each chunk read.
 */
export async function readInto(parser: TraceParser, input: Input, format: LogFormat | undefined, options: UnwrapOptions & {reading: LogReading}, afterChunk: () => void = () => {}): Promise<void> {
  const splitter = new LineSplitter()
  const unwrapper = new LogUnwrapper(format, options)
  let asBytes = false
  const pushBytes = (bytes: Buffer | null) => {
    const before = parser.linesSoFar
    if (bytes === null) parser.endOfBytes()
    else parser.pushBytes(bytes)
    options.reading.rawLines += parser.linesSoFar - before
  }
  for await (const chunk of input.chunks) {
    if (!asBytes && unwrapper.isPlain) {
      asBytes = true
      pushBytes(splitter.takeRest())
    }
    if (asBytes) {
      pushBytes(chunk)
      // The byte path keeps no view of a chunk: the file's next one is read into it.
      input.recycle(chunk)
    } else {
      const lines = splitter.push(chunk)
      const out = lines === null ? null : unwrapper.pushBatch(lines)
      if (out !== null) parser.pushBatch(out.lines, out.wallMs)
    }
    afterChunk()
  }
  if (asBytes) {
    pushBytes(null)
    return
  }
  const last = splitter.end()
  const out = last === null ? null : unwrapper.pushBatch(last)
  if (out !== null) parser.pushBatch(out.lines, out.wallMs)
  const rest = unwrapper.end()
  if (rest !== null) parser.pushBatch(rest.lines, rest.wallMs)
}

/** Bytes read from the start of each file to find its first wall-clock time. */
const HEAD_BYTES = 256 << 10

/**
 * Rotated files of one process, oldest first: by the first wall-clock time in each when every
 * file has one, else by their names (input/rotation.ts) — `x.2.gz` is older than `x.1`, older than `x`.
 */
async function orderByTime(paths: string[], format: LogFormat | undefined, year: number | undefined): Promise<string[]> {
  const firsts = await Promise.all(paths.map((path) => firstWallMs(path, format, year)))
  if (!firsts.every((first) => Number.isFinite(first))) return [...paths].sort(byRotationAge)
  const indexed = paths.map((path, i) => ({path, i, first: firsts[i] as number}))
  indexed.sort((a, b) => a.first - b.first || a.i - b.i)
  return indexed.map((f) => f.path)
}

/** The first wall-clock time in the first HEAD_BYTES of a file (gzip or not); NaN when none is there. */
async function firstWallMs(path: string, format: LogFormat | undefined, year: number | undefined): Promise<number> {
  let head: Buffer
  const file = await open(path).catch(() => undefined)
  if (file === undefined) return Number.NaN // openInput says why, when the file is read
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const {bytesRead} = await file.read(buffer, 0, HEAD_BYTES, 0)
    head = buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, {finishFlush: zlibConstants.Z_SYNC_FLUSH})
    } catch {
      return Number.NaN
    }
  }
  const text = head.toString('utf8')
  const complete = text.slice(0, text.lastIndexOf('\n') + 1 || text.length)
  const unwrapper = new LogUnwrapper(format, {name: path, year})
  for (const line of complete.split('\n')) unwrapper.push(line)
  const wallMs = unwrapper.end()?.wallMs ?? null
  if (wallMs !== null) for (const ms of wallMs) if (!Number.isNaN(ms)) return ms
  return Number.NaN
}

async function readSeries(path: string, request: Pick<LoadRequest, 'processStart' | 'rssUnit'>, recording: Recording | undefined, traceStartEpochMs: number | null): Promise<SampleSeries> {
  let processStartEpochMs: number | undefined
  if (request.processStart !== undefined) {
    // With a UTC offset required: Date.parse would read a zone-less time in the machine's zone.
    processStartEpochMs = isoToEpochMs(request.processStart, true)
    if (Number.isNaN(processStartEpochMs)) throw new UsageError(messages.badProcessStart(request.processStart))
  } else if (recording?.meta?.startEpochMs !== undefined) processStartEpochMs = recording.meta.startEpochMs
  return readSamples(path, {
    ...(processStartEpochMs === undefined ? {} : {processStartEpochMs}),
    ...(traceStartEpochMs === null ? {} : {traceStartEpochMs}),
    ...(request.rssUnit === undefined ? {} : {unit: request.rssUnit as MemoryUnit}),
  })
}
