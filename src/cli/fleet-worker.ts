// A worker thread of the many-logs pool (fleet.ts): takes one process at a time, runs the same
// pipeline `analyze FILE` runs (loadAnalysis), and posts back plain data — the table's row and,
// for `report`, the process's HTML section with its chart specs — so nothing but structured-
// cloneable values cross the thread boundary.
import {parentPort, threadId} from 'node:worker_threads'

import {InputError, NoTraceError} from '../errors.js'
import type {ChartOptions, VegaLiteSpec} from '../report/charts.js'
import {failedRowOf, type FleetRow, fleetRowOf} from '../report/fleet-row.js'
import {type LoadRequest, loadAnalysis} from './load-analysis.js'

export interface FleetJob {
  index: number
  name: string
  /** Oldest first; several for a log and its rotations. */
  paths: string[]
  /** The reading flags every process shares (--go-version, --threshold, --rss-unit, …). */
  request: Omit<LoadRequest, 'path' | 'progressTo' | 'live'>
  /** For `report`: render the process's section too. */
  html: {gctraceVersion: string; generatedAtIso: string; chartOptions: ChartOptions} | null
}

export interface FleetResult {
  index: number
  /** The worker thread that analysed it (> 0), or -1 when no worker did. */
  threadId: number
  row: FleetRow
  /** The process's part of the report page: markup from html.ts, ids prefixed `p{index + 1}-`. */
  section: {body: string; charts: Record<string, VegaLiteSpec | null>} | null
}

/** The element id of a process's section in the report, and the prefix of every id inside it. */
export const sectionIdOf = (index: number) => `p${index + 1}`

/** Analyses one process; every failure becomes its row's status. */
export async function analyzeJob(job: FleetJob): Promise<FleetResult> {
  const base = {index: job.index, threadId}
  const first = job.paths[0] as string
  // A log with rotations is read as one input, oldest first (load-analysis.ts `paths`).
  const request: LoadRequest = job.paths.length === 1 ? {...job.request, path: first} : {...job.request, path: job.paths.at(-1) as string, paths: job.paths}
  try {
    const loaded = await loadAnalysis(request)
    const row = fleetRowOf(job.name, job.paths, loaded.analysis)
    if (job.html === null) return {...base, row, section: null}
    const meta = {input: job.name, gctraceVersion: job.html.gctraceVersion, generatedAt: new Date(job.html.generatedAtIso), samples: loaded.series}
    // Only `report` needs the page's renderer (and the chart builder behind it).
    const {renderProcessBody} = await import('../report/html.js')
    const {body, charts} = renderProcessBody(loaded.analysis, meta, job.html.chartOptions, `${sectionIdOf(job.index)}-`)
    return {...base, row, section: {body: body.text, charts}}
  } catch (error) {
    const status = statusOf(error)
    const reason = status === 'failed' ? `${(error as Error).name}: ${(error as Error).message}` : (error as Error).message
    return {...base, row: failedRowOf(job.name, job.paths, status, reason), section: null}
  }
}

function statusOf(error: unknown): 'no-trace' | 'unreadable' | 'failed' {
  if (error instanceof NoTraceError) return 'no-trace'
  if (error instanceof InputError) return 'unreadable'
  return 'failed'
}

parentPort?.on('message', (job: FleetJob) => {
  void analyzeJob(job).then((result) => parentPort?.postMessage(result))
})
