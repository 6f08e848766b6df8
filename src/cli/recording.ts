// A recording folder (what `gctrace run` writes, and fixtures/recordings/*): trace.log,
// rss.csv, meta.json. Commands read it whole when given the folder instead of a file.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import type {RunEnvironment} from '../analysis/rules/types.js'
import {InputError} from '../errors.js'
import {logNameOf} from '../input/rotation.js'

export interface RecordingMeta {
  command?: string
  args?: string[]
  env?: RunEnvironment
  goVersion?: string
  startEpochMs?: number
  kernel?: string
  thp?: string
}

export interface Recording {
  dir: string
  tracePath: string
  rssPath: string | null
  meta: RecordingMeta | null
  /** Older pieces of trace.log that a log rotator left beside it (`trace.log.1`, `trace.log.2.gz`); read with it, oldest first. */
  rotations?: string[]
}

/** The recording in `dir`, or undefined when `dir` is not a directory. Throws when a directory holds no trace.log. */
export function findRecording(dir: string): Recording | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined
  const tracePath = join(dir, 'trace.log')
  if (!existsSync(tracePath)) throw new InputError(`${dir} is a directory with no trace.log; give a trace file or a recording folder`)
  const rssPath = join(dir, 'rss.csv')
  const metaPath = join(dir, 'meta.json')
  let meta: RecordingMeta | null = null
  if (existsSync(metaPath)) {
    try {
      meta = JSON.parse(readFileSync(metaPath, 'utf8')) as RecordingMeta
    } catch (error) {
      throw new InputError(`${metaPath}: not valid JSON (${(error as Error).message})`)
    }
  }
  const rotations = readdirSync(dir)
    .filter((name) => name !== 'trace.log' && logNameOf(name) === 'trace.log')
    .map((name) => join(dir, name))
  return {dir, tracePath, rssPath: existsSync(rssPath) ? rssPath : null, meta, ...(rotations.length === 0 ? {} : {rotations})}
}

/** The recorded settings that change the diagnosis. */
export function environmentOf(meta: RecordingMeta | null): RunEnvironment | null {
  if (meta === null) return null
  return {...meta.env, kernel: meta.kernel ?? null, thp: meta.thp ?? null}
}
