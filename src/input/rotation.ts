// The names rotating loggers give the older pieces of a log, and their age: shared by the
// grouping of many logs (cli/fleet.ts), a recording folder's rotated trace.log, and the order
// rotated files are read in when they carry no wall-clock times.
import {basename, dirname, join} from 'node:path'

/**
 * What a rotating logger appends to a log's name, as one suffix or several: `.gz`, `.N`
 * (logrotate, lumberjack), `.YYYYMMDD-HHMMSS` (the kubelet's rotated container logs).
 */
const ROTATION_SUFFIXES = /(?:\.gz|\.\d{8}-\d{6}|\.\d+)+$/

/** A log's name without rotation suffixes, in its folder: `logs/trace.log.2.gz` → `logs/trace.log`. */
export function logNameOf(path: string): string {
  const base = basename(path)
  const stripped = base.replace(ROTATION_SUFFIXES, '')
  // A name that is all suffix (`1.gz`) stays as it is.
  const name = stripped === '' ? base : stripped
  return path === base ? name : join(dirname(path), name)
}

/** Oldest first: the highest `.N` first, then dated rotations by date, the live file (no suffix) last. */
export function byRotationAge(a: string, b: string): number {
  const ka = rotationKey(a)
  const kb = rotationKey(b)
  return ka[0] - kb[0] || ka[1] - kb[1] || compareText(ka[2], kb[2]) || compareText(a, b)
}

function rotationKey(path: string): [number, number, string] {
  const suffix = ROTATION_SUFFIXES.exec(basename(path))?.[0] ?? ''
  const dated = /\.(\d{8}-\d{6})/.exec(suffix)
  if (dated !== null) return [1, 0, dated[1] as string]
  const numbered = /\.(\d+)/.exec(suffix)
  if (numbered !== null) return [0, -Number(numbered[1]), '']
  return [2, 0, '']
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
