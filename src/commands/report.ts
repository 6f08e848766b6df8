import {Args, Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'

import {DEFAULT_THRESHOLDS} from '../analysis/thresholds.js'
import {GctraceCommand} from '../cli/base-command.js'
import {type LoadRequest, loadAnalysis, type Loaded} from '../cli/load-analysis.js'
import {EXIT} from '../errors.js'
import {messages} from '../messages.js'
import {type Bundle, readVegaBundles} from '../report/bundles.js'
import {renderReportHtml} from '../report/html.js'
import {reportMessages} from '../report/messages.js'

/** The flags that say how to read an input, as `analyze` has them; `chart` shares them. */
export const INPUT_FLAGS = {
  'go-version': Flags.string({description: 'The Go version of the program (e.g. 1.14 or go1.21.3), for version-exact advice; otherwise guessed from the line shapes or read from a recording.', helpValue: 'VERSION'}),
  'process-start': Flags.string({description: 'When the process started (ISO 8601), to place wall-clock memory samples on the trace’s clock.', helpValue: 'ISO-TIME'}),
  rss: Flags.string({description: 'Memory samples of the process: a gctrace recording rss.csv, a CSV/TSV with a time and a memory column (e.g. a Grafana export), or a Prometheus query_range JSON (docs/memory-samples.md).', helpValue: 'FILE'}),
  'rss-unit': Flags.string({description: 'Unit of the memory column when its header does not say.', options: ['B', 'KiB', 'kB', 'MiB', 'MB']}),
  threshold: Flags.string({description: `Change a threshold a finding is judged by, as name=value; repeatable (docs/diagnosis.md). Names: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}.`, helpValue: 'NAME=VALUE', multiple: true}),
}

export const INPUT_ARG = Args.string({
  description: 'GC trace to read: a file (plain or gzip-compressed), a recording folder (trace.log, rss.csv, meta.json), or - for stdin.',
  ignoreStdin: true,
  required: true,
})

type InputFlags = {[K in keyof typeof INPUT_FLAGS]?: string | string[] | undefined}

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

/** The command as typed, for "how this file was made": each argument quoted for a POSIX shell when it needs it. */
export function commandLineOf(bin: string, argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)
  return [bin, ...argv].map(quote).join(' ')
}

export default class Report extends GctraceCommand {
  static override args = {file: INPUT_ARG}

  static override description = `Writes one self-contained HTML file to attach to an incident: first the answer ("Why is RSS high?": RSS at its peak and at the end split into parts, then the ranked findings with their explanation and advice), then interactive charts (memory over time, RSS attribution over time, pauses and GC CPU), a pause table (percentiles, the 10 longest pauses), the segments and their Go era, the input accounting (lines by kind, spliced, unrecognized lines quoted), and how the file was made.

The file opens offline, years later: vega, vega-lite and vega-embed are inlined, the data is inside it, and its Content-Security-Policy lets no request leave the page. Text from the input is escaped. Large traces are downsampled for drawing (peaks kept); tables use all the data (docs/report.md).

Exit codes: 0 ok; 2 bad usage, an input that cannot be read or an output that cannot be written; 3 no GC trace in the input.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> fixtures/recordings/go1.19-seed-madvfree-10x256mb -o report.html', description: 'A recording folder: the trace with its memory samples.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --rss grafana-export.csv --process-start 2024-05-01T12:00:00Z -o incident-1234.html', description: 'A trace and memory samples exported from a dashboard.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log -o -', description: 'The HTML on stdout.'},
  ]

  static override flags = {
    ...INPUT_FLAGS,
    output: Flags.string({char: 'o', description: 'Where to write the HTML file; - for stdout.', helpValue: 'FILE.html', required: true}),
  }

  static override summary = 'Write the HTML postmortem: the answer, charts, pauses, segments and input accounting in one offline file.'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Report)
    const loaded: Loaded = await loadAnalysis(loadRequestOf(args.file, flags)).catch((error: unknown) => this.failOnInput(error))
    let bundles: Bundle[]
    try {
      bundles = readVegaBundles()
    } catch (error) {
      this.fail(reportMessages.cannotReadBundles(error), EXIT.usageOrInput)
    }
    const page = renderReportHtml(
      loaded.analysis,
      {input: loaded.name, gctraceVersion: this.config.version, commandLine: commandLineOf(this.config.bin, ['report', ...this.argv]), generatedAt: new Date(), samples: loaded.series},
      bundles,
    )
    if (flags.output === '-') {
      process.stdout.write(page)
      return
    }
    await writeFile(flags.output, page).catch((error: unknown) => this.fail(messages.cannotWrite(flags.output, error), EXIT.usageOrInput))
  }
}
