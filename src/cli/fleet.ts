// Many logs at once (`gctrace analyze logs/*.log`, `gctrace analyze logs/`): what the arguments
// name → the files and recording folders to read → one group per process (rotations of one log
// together, oldest first) → each process analysed on its own in a pool of worker threads
// (fleet-worker.ts) → one row each, in name order.
import {readdirSync, statSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join, normalize} from 'node:path'
import {Worker} from 'node:worker_threads'

import {InputError, UsageError} from '../errors.js'
import {byRotationAge, compareText, logNameOf} from '../input/rotation.js'
import {failedRowOf, type FleetRow} from '../report/fleet-row.js'
import type {FleetJob, FleetResult} from './fleet-worker.js'
import {findRecording} from './recording.js'

/** One process to analyse: a recording folder, or one log and its rotated files. */
export interface ProcessGroup {
  /** The recording folder, or the log's path without its rotation suffixes. */
  name: string
  /** Oldest first: `trace.log.2.gz`, `trace.log.1`, `trace.log`. */
  paths: string[]
  recording: boolean
}

/** Files of a folder of logs that are read: `*.log`, `*.log.N`, `*.gz`, `*.txt`, `*.json`. */
const LOG_FILE = /\.(?:log|txt|json|gz)$|\.log\.\d+$/i

/** One process (today's single analysis, `paths` for a rotated log) or several (the table). */
export type InputPlan = {kind: 'one'; path: string; paths?: string[]} | {kind: 'many'; groups: ProcessGroup[]}

/**
 * What to analyse: one file, one recording folder, or stdin is one process as always; several
 * arguments or a folder of logs are grouped, and are still one process when they are one log and
 * its rotations.
 */
export function planInputs(args: readonly string[]): InputPlan {
  const [only] = args
  if (args.length === 1 && only !== undefined && (only === '-' || !isDirectory(only) || isRecording(only))) return {kind: 'one', path: only}
  if (args.includes('-')) throw new UsageError(fleetMessages.stdinWithOthers())
  const groups = groupInputs(expandInputs(args))
  const [group] = groups
  if (groups.length === 1 && group !== undefined) return group.paths.length === 1 ? {kind: 'one', path: group.paths[0] as string} : {kind: 'one', path: group.paths.at(-1) as string, paths: group.paths}
  return {kind: 'many', groups}
}

/** What the arguments name: files and recording folders; a folder that is not a recording gives its logs and the recordings in it. */
export function expandInputs(args: readonly string[]): {path: string; recording: boolean}[] {
  const out: {path: string; recording: boolean}[] = []
  for (const arg of args) {
    if (arg === '-' || !isDirectory(arg)) {
      out.push({path: arg === '-' ? arg : normalize(arg), recording: false})
      continue
    }
    if (isRecording(arg)) {
      out.push({path: arg, recording: true})
      continue
    }
    out.push(...folderInputs(arg))
  }
  return out
}

/** One group per process, sorted by name; the same path named twice is read once. */
export function groupInputs(inputs: readonly {path: string; recording: boolean}[]): ProcessGroup[] {
  const groups = new Map<string, ProcessGroup>()
  for (const input of inputs) {
    if (input.recording) {
      groups.set(`recording:${input.path}`, {name: input.path, paths: [input.path], recording: true})
      continue
    }
    const name = logNameOf(input.path)
    const group = groups.get(`log:${name}`) ?? {name, paths: [], recording: false}
    if (!group.paths.includes(input.path)) group.paths.push(input.path)
    groups.set(`log:${name}`, group)
  }
  for (const group of groups.values()) group.paths.sort(byRotationAge)
  return [...groups.values()].sort((a, b) => compareText(a.name, b.name))
}

function folderInputs(dir: string): {path: string; recording: boolean}[] {
  let entries: string[]
  try {
    entries = readdirSync(dir).sort(compareText)
  } catch (error) {
    throw new InputError(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const out: {path: string; recording: boolean}[] = []
  for (const entry of entries) {
    if (entry.startsWith('.')) continue
    const path = join(dir, entry)
    if (isDirectory(path)) {
      if (isRecording(path)) out.push({path, recording: true})
    } else if (LOG_FILE.test(entry)) out.push({path, recording: false})
  }
  if (out.length === 0) throw new InputError(`${dir} is a directory with no trace.log and no logs (*.log, *.log.N, *.gz, *.txt, *.json) in it`)
  return out
}

function isRecording(dir: string): boolean {
  try {
    return findRecording(dir) !== undefined
  } catch {
    return false
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// The worker pool

export interface FleetRun {
  /** One per group, in the groups' order. */
  results: FleetResult[]
  /** Worker threads started. */
  threads: number
  /** Distinct worker threads that analysed at least one process. */
  workersUsed: number
}

/**
 * Analyses every group in a pool of min(cores, groups) worker threads: each worker takes the next
 * group when it is done with one. A worker that dies fails only the group it was on.
 */
export async function runFleet(groups: readonly ProcessGroup[], job: Omit<FleetJob, 'index' | 'name' | 'paths'>, progressTo?: NodeJS.WriteStream): Promise<FleetRun> {
  const results: (FleetResult | undefined)[] = Array.from({length: groups.length}, () => undefined)
  const threads = Math.max(1, Math.min(availableParallelism(), groups.length))
  const used = new Set<number>()
  let next = 0
  const workerUrl = new URL('./fleet-worker.js', import.meta.url)
  let done = 0
  const progress = progressTo?.isTTY === true ? progressTo : undefined
  const drawProgress = () => progress?.write(`\r\u001B[2Kanalysed ${done} of ${groups.length} processes (${threads} worker threads)`)
  drawProgress()

  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerUrl)
      let current: number | undefined
      let settled = false
      const finish = () => {
        if (settled) return
        settled = true
        void worker.terminate().then(() => resolve())
      }
      const give = () => {
        if (next >= groups.length) {
          current = undefined
          finish()
          return
        }
        current = next++
        const group = groups[current] as ProcessGroup
        worker.postMessage({...job, index: current, name: group.name, paths: group.paths} satisfies FleetJob)
      }
      worker.on('message', (result: FleetResult) => {
        results[result.index] = result
        used.add(result.threadId)
        done++
        drawProgress()
        give()
      })
      const died = (why: string) => {
        if (settled) return
        if (current !== undefined) {
          const group = groups[current] as ProcessGroup
          results[current] = {index: current, threadId: -1, row: failedRowOf(group.name, group.paths, 'failed', why), section: null}
          done++
        }
        settled = true
        // The rest of the queue goes to a fresh worker.
        if (next < groups.length) void runWorker().then(resolve)
        else resolve()
      }
      worker.on('error', (error) => died(`the worker thread failed: ${error.message}`))
      worker.on('exit', (code) => died(`the worker thread exited with code ${code}`))
      give()
    })

  await Promise.all(Array.from({length: threads}, () => runWorker()))
  progress?.write('\r\u001B[2K')
  return {
    results: results.map((r, i) => r ?? {index: i, threadId: -1, row: failedRowOf((groups[i] as ProcessGroup).name, (groups[i] as ProcessGroup).paths, 'failed', 'not analysed'), section: null}),
    threads,
    workersUsed: [...used].filter((id) => id > 0).length,
  }
}

/** The rows' exit code (docs/cli.md): 2 when an input could not be read, 3 when none held a trace, else 0. --fail-on (1) is the command's. */
export function fleetExitCode(rows: readonly FleetRow[]): 0 | 2 | 3 {
  if (rows.some((r) => r.status === 'unreadable' || r.status === 'failed')) return 2
  if (!rows.some((r) => r.status === 'ok')) return 3
  return 0
}

/** What gctrace says about many inputs: one line each. */
export const fleetMessages = {
  stdinWithOthers: () => '- (stdin) cannot be read together with other inputs: give files, recording folders or a folder of logs',
  oneProcessFlag: (flag: string, processes: number) => `--${flag} belongs to one process, and the inputs are ${processes} processes: give each its own recording folder, or read them one at a time`,
  liveWithSeveralFiles: (flag: string, files: number) => `--${flag} reads one input as it arrives, and the inputs are ${files} files of one log: read them without it`,
  notRead: (rows: readonly FleetRow[], total: number) => {
    const first = rows[0] as FleetRow
    const reason = first.reason ?? first.status
    // Input errors name their file already.
    const why = reason.includes(first.name) ? reason : `${first.name}: ${reason}`
    return `${rows.length} of ${total} processes could not be read: ${why}${rows.length > 1 ? ' (and more: see the status column)' : ''}`
  },
  noneHadTrace: (total: number) => `none of the ${total} processes has a GC trace — run the programs with GODEBUG=gctrace=1`,
  failOnMatched: (matches: readonly {name: string; ids: string[]}[]) => `--fail-on matched: ${matches.map((m) => `${m.name}: ${m.ids.join(', ')}`).join('; ')}`,
}
