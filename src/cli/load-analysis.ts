// The pipeline every reading command runs: what the user named (a trace, a recording folder,
// stdin) and the memory samples → parsed trace → analysis. Commands differ only in what they
// render. Failures are typed errors (InputError, UsageError: exit 2; NoTraceError: exit 3).
// A live pipe (--passthrough, --pid, --out, the status line) reads through live-input.ts.
import {analyzeTrace, type Analysis, hasRuntimeOutput} from '../analysis/index.js'
import {parseGoVersion} from '../analysis/runtime.js'
import {parseThresholds} from '../analysis/thresholds.js'
import {NoTraceError, UsageError} from '../errors.js'
import {openInput} from '../input/open-input.js'
import {splitLines} from '../input/split-lines.js'
import {isoToEpochMs} from '../memory/clock.js'
import {readSamples} from '../memory/read-samples.js'
import type {MemoryUnit, SampleSeries} from '../memory/types.js'
import {messages} from '../messages.js'
import {type Trace, TraceParser} from '../trace/parse-trace.js'
import {type LiveRequest, parseLive} from './live-input.js'
import {environmentOf, findRecording, type Recording, type RecordingMeta} from './recording.js'
import {createProgress} from './terminal.js'

export interface LoadRequest {
  /** A file, a recording folder, or '-'. */
  path: string
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
  const recording = request.path === '-' ? undefined : findRecording(request.path)
  const name = recording?.dir ?? (request.path === '-' ? 'stdin' : request.path)
  if (request.live !== undefined) return {...(await loadLive(request, request.live, recording)), name}
  const trace = await parseInput(recording?.tracePath ?? request.path, request.progressTo)
  throwWhenNoTrace(trace)
  return {...(await analyzeParsed(trace, request, recording, undefined)), name}
}

/**
 * The analysis of a trace already parsed — `gctrace run` parses the program's stderr as it comes
 * and then reads its own recording folder's samples and meta.json exactly as `analyze DIR` does.
 */
export async function analyzeParsed(trace: Trace, request: Omit<LoadRequest, 'path' | 'progressTo' | 'live'>, recording: Recording | undefined, liveSeries: SampleSeries | undefined): Promise<Loaded> {
  const {thresholds} = checkAnalysisOptions(request)
  const rssPath = request.rss ?? recording?.rssPath ?? undefined
  const series = liveSeries ?? (rssPath === undefined ? null : await readSeries(rssPath, request, recording))
  const version = request.goVersion ?? metaGoVersion(recording?.meta ?? null)
  const goVersion = version === undefined ? undefined : parseGoVersion(version)
  const analysis = analyzeTrace(trace, {
    samples: series?.samples ?? null,
    thresholds,
    environment: environmentOf(recording?.meta ?? null),
    ...(goVersion === undefined ? {} : {goVersion}),
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
          samples: result.samples,
          dropped: [],
          columns: ['t_s', 'epoch_ms', 'vmrss_kb', 'rss_anon_kb', 'rss_file_kb', 'lazyfree_kb', 'anon_huge_kb'],
          startEpochMs: startEpochMs?.epochMs === undefined ? null : Math.round(startEpochMs.epochMs - startEpochMs.at * 1000),
          notes: [`sampled live from --pid ${live.pid} every ${live.intervalMs} ms`],
        }
  const meta: RecordingMeta | null = recording?.meta ?? (result.environment === null ? null : {env: result.environment})
  // A --pid process's environment counts as a recording's would (GOGC, GOMEMLIMIT, GODEBUG for the rules).
  const source = recording ?? (meta === null ? undefined : {dir: 'stdin', tracePath: '-', rssPath: null, meta})
  const loaded = await analyzeParsed(result.trace, request, source, series)
  return {...loaded, recording, live: liveInfo}
}

async function parseInput(path: string, progressTo: NodeJS.WriteStream | undefined): Promise<Trace> {
  const input = await openInput(path)
  const progress = progressTo === undefined ? undefined : createProgress(progressTo, input.name, input.sizeBytes)
  const parser = new TraceParser()
  try {
    for await (const batch of splitLines(input.chunks)) {
      for (const line of batch) parser.push(line)
      progress?.update(input.bytesRead(), parser.cyclesSoFar)
    }
  } finally {
    progress?.done()
  }
  return parser.end()
}

async function readSeries(path: string, request: Pick<LoadRequest, 'processStart' | 'rssUnit'>, recording: Recording | undefined): Promise<SampleSeries> {
  let processStartEpochMs: number | undefined
  if (request.processStart !== undefined) {
    // With a UTC offset required: Date.parse would read a zone-less time in the machine's zone.
    processStartEpochMs = isoToEpochMs(request.processStart, true)
    if (Number.isNaN(processStartEpochMs)) throw new UsageError(messages.badProcessStart(request.processStart))
  } else if (recording?.meta?.startEpochMs !== undefined) processStartEpochMs = recording.meta.startEpochMs
  return readSamples(path, {
    ...(processStartEpochMs === undefined ? {} : {processStartEpochMs}),
    ...(request.rssUnit === undefined ? {} : {unit: request.rssUnit as MemoryUnit}),
  })
}
