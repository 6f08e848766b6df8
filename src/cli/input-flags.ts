// The flags that say how to read an input, shared by every reading command (analyze, report,
// chart, compare), and the load request they make. One definition, so the help says the same.
import {Args, Flags} from '@oclif/core'

import {DEFAULT_THRESHOLDS} from '../analysis/thresholds.js'
import {MEMORY_UNITS} from '../memory/columns.js'
import type {LoadRequest} from './load-analysis.js'

/**
 * Repeatable flags take one value per use (`--threshold a=1 --threshold b=2`): oclif would
 * otherwise take the inputs after `--threshold a=1` as more thresholds (multipleNonGreedy).
 */
export const INPUT_FLAGS = {
  'go-version': Flags.string({description: 'The Go version of the program (e.g. 1.14 or go1.21.3), for version-exact advice; otherwise guessed from the line shapes or read from a recording.', helpValue: 'VERSION'}),
  'process-start': Flags.string({description: 'When the process started (ISO 8601), to place wall-clock memory samples on the trace’s clock.', helpValue: 'ISO-TIME'}),
  rss: Flags.string({description: 'Memory samples of the process: a gctrace recording rss.csv, a CSV/TSV with a time and a memory column (e.g. a Grafana export), or a Prometheus query_range JSON (docs/memory-samples.md).', helpValue: 'FILE'}),
  'rss-unit': Flags.string({description: 'Unit of the memory column when its header does not say (kB and MB are 1000 and 1000000 bytes).', options: [...MEMORY_UNITS]}),
  threshold: Flags.string({description: `Change a threshold a finding is judged by, as name=value; repeatable (docs/diagnosis.md). Names: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}.`, helpValue: 'NAME=VALUE', multiple: true, multipleNonGreedy: true}),
}

/** The input of a command that reads exactly one (chart). */
export const INPUT_ARG = Args.string({
  description: 'GC trace to read: a file (plain or gzip-compressed), a recording folder (trace.log, rss.csv, meta.json), or - for stdin.',
  ignoreStdin: true,
  required: true,
})

/**
 * The inputs of a command that reads one process or many (analyze, report): with `strict = false`
 * every further argument is another input (docs/cli.md, "Many logs at once").
 */
export const INPUTS_ARG_DESCRIPTION =
  'GC trace to read: a file (plain or gzip-compressed), a recording folder (trace.log, rss.csv, meta.json), or - for stdin. Several files, or a folder of logs, are analysed one process each, in parallel, into one table.'

export type InputFlags = {[K in keyof typeof INPUT_FLAGS]?: string | string[] | undefined}

/** The load request for one input and its flags. */
export function loadRequestOf(path: string, flags: InputFlags): LoadRequest {
  return {
    path,
    rss: flags.rss as string | undefined,
    processStart: flags['process-start'] as string | undefined,
    rssUnit: flags['rss-unit'] as string | undefined,
    goVersion: flags['go-version'] as string | undefined,
    thresholds: flags.threshold as string[] | undefined,
    progressTo: process.stderr,
  }
}

/**
 * The load request of analyze and report: loadRequestOf, and the log collector's format when the
 * command has a --format flag for it (`chart` has a --format of its own, so it uses loadRequestOf).
 */
export function requestOf(path: string, flags: InputFlags & {format?: unknown}): LoadRequest {
  return {...loadRequestOf(path, flags), ...(typeof flags.format === 'string' ? {format: flags.format} : {})}
}

/** The command as typed, for "how this file was made": each argument quoted for a POSIX shell when it needs it. */
export function commandLineOf(bin: string, argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)
  return [bin, ...argv].map(quote).join(' ')
}
