// The pipeline every reading command runs: what the user named (a trace, a recording folder,
// stdin) and the memory samples → parsed trace → analysis. Commands differ only in what they
// render. Failures are typed errors (InputError, UsageError: exit 2; NoTraceError: exit 3).
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
import {environmentOf, findRecording, type Recording} from './recording.js'
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
}

export interface Loaded {
  analysis: Analysis
  /** What to call the input: the folder, the path, or "stdin". */
  name: string
  recording: Recording | undefined
  series: SampleSeries | null
}

export async function loadAnalysis(request: LoadRequest): Promise<Loaded> {
  const thresholds = parseThresholds(request.thresholds ?? [])
  if ('error' in thresholds) throw new UsageError(thresholds.error)
  const goVersionText = request.goVersion
  if (goVersionText !== undefined && parseGoVersion(goVersionText) === undefined) throw new UsageError(messages.badGoVersion(goVersionText))

  const recording = request.path === '-' ? undefined : findRecording(request.path)
  const trace = await parseInput(recording?.tracePath ?? request.path, request.progressTo)
  if (!hasRuntimeOutput(trace)) {
    const first = trace.unrecognized[0]
    throw new NoTraceError(first === undefined ? messages.noTrace() : messages.onlyUnrecognized(trace.lines.unrecognized, first.line, first.reason))
  }
  const rssPath = request.rss ?? recording?.rssPath ?? undefined
  const series = rssPath === undefined ? null : await readSeries(rssPath, request, recording)
  const version = goVersionText ?? recording?.meta?.goVersion
  const goVersion = version === undefined ? undefined : parseGoVersion(version)
  const analysis = analyzeTrace(trace, {
    samples: series?.samples ?? null,
    thresholds,
    environment: environmentOf(recording?.meta ?? null),
    ...(goVersion === undefined ? {} : {goVersion}),
  })
  return {analysis, name: recording?.dir ?? (request.path === '-' ? 'stdin' : request.path), recording, series}
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

async function readSeries(path: string, request: LoadRequest, recording: Recording | undefined): Promise<SampleSeries> {
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
