import {Args, Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'

import {GctraceCommand} from '../cli/base-command.js'
import {fleetExitCode, fleetMessages, type ProcessGroup, planInputs, runFleet} from '../cli/fleet.js'
import {sectionIdOf} from '../cli/fleet-worker.js'
import {commandLineOf, INPUT_FLAGS, type InputFlags, INPUTS_ARG_DESCRIPTION, requestOf} from '../cli/input-flags.js'
import {checkAnalysisOptions, type LoadRequest, loadAnalysis, type Loaded} from '../cli/load-analysis.js'
import {EXIT} from '../errors.js'
import {LOG_FORMATS} from '../input/log-format.js'
import {messages} from '../messages.js'
import {type Bundle, readVegaBundles} from '../report/bundles.js'
import {renderFleetHtml} from '../report/fleet-html.js'
import {renderReportHtml} from '../report/html.js'
import {reportMessages} from '../report/messages.js'

export default class Report extends GctraceCommand {
  static override args = {file: Args.string({description: INPUTS_ARG_DESCRIPTION, ignoreStdin: true, required: true})}

  static override description = `Writes one self-contained HTML file to attach to an incident: first the answer ("Why is RSS high?": RSS at its peak and at the end split into parts, then the ranked findings with their explanation and advice), then interactive charts (memory over time, RSS attribution over time, pauses and GC CPU), a pause table (percentiles, the 10 longest pauses), the segments and their Go era, the input accounting (lines by kind, spliced, unrecognized lines quoted), and how the file was made.

The file opens offline, years later: vega, vega-lite and vega-embed are inlined, the data is inside it, and its Content-Security-Policy lets no request leave the page. Text from the input is escaped. Large traces are downsampled for drawing (peaks kept); tables use all the data (docs/report.md).

Several files, a folder of logs, or several recording folders: one file with the table of processes first (each row links to its process), then each process as above; vega is inlined once (docs/report.md).

Exit codes: 0 ok; 2 bad usage, an input that cannot be read or an output that cannot be written; 3 no GC trace in the input (with many inputs: in none of them).`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> fixtures/recordings/go1.19-seed-madvfree-10x256mb -o report.html', description: 'A recording folder: the trace with its memory samples.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --rss grafana-export.csv --process-start 2024-05-01T12:00:00Z -o incident-1234.html', description: 'A trace and memory samples exported from a dashboard.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log -o -', description: 'The HTML on stdout.'},
    {command: '<%= config.bin %> <%= command.id %> logs/*.log -o fleet.html', description: 'Many processes in one file: the table, then a section per process.'},
  ]

  static override flags = {
    ...INPUT_FLAGS,
    format: Flags.string({description: 'The log collector’s format of the input: docker-json (Docker json-file), cri (containerd, /var/log/pods), rfc3339 (kubectl logs --timestamps, docker logs -t), journald-short, journald-json (journalctl -o short…, -o json), or plain; detected per file from its first lines when not given (docs/formats.md, "Log collectors").', options: [...LOG_FORMATS]}),
    output: Flags.string({char: 'o', description: 'Where to write the HTML file; - for stdout.', helpValue: 'FILE.html', required: true}),
  }

  // Every argument is an input: `report logs/*.log -o fleet.html`.
  static override strict = false

  static override summary = 'Write the HTML postmortem: the answer, charts, pauses, segments and input accounting in one offline file.'

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Report)
    let plan: ReturnType<typeof planInputs>
    try {
      plan = planInputs(argv as string[])
    } catch (error) {
      this.failOnInput(error)
    }
    if (plan.kind === 'many') return this.reportMany(plan.groups, flags)
    // A log and its rotations (trace.log.1, trace.log.2.gz) are one process, read oldest first.
    const request: LoadRequest = {...requestOf(plan.path, flags), ...(plan.paths === undefined ? {} : {paths: plan.paths})}
    const loaded: Loaded = await loadAnalysis(request).catch((error: unknown) => this.failOnInput(error))
    const bundles = this.readBundles()
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

  /**
   * Many processes: each analysed and rendered in a worker thread, one page. The file is written
   * when at least one process was analysed; the exit code is analyze's (docs/cli.md).
   */
  private async reportMany(groups: ProcessGroup[], flags: InputFlags & {output: string}): Promise<void> {
    for (const flag of ['rss', 'process-start'] as const) if (flags[flag] !== undefined) this.fail(fleetMessages.oneProcessFlag(flag, groups.length), EXIT.usageOrInput)
    const {path: _path, progressTo: _progress, live: _live, ...request} = requestOf('', flags)
    try {
      checkAnalysisOptions(request)
    } catch (error) {
      this.failOnInput(error)
    }
    const bundles = this.readBundles()
    const generatedAt = new Date()
    const run = await runFleet(groups, {request, html: {gctraceVersion: this.config.version, generatedAtIso: generatedAt.toISOString(), chartOptions: {}}}, process.stderr)
    const rows = run.results.map((r) => ({row: r.row, section: r.section === null ? null : {id: sectionIdOf(r.index), ...r.section}}))
    const exit = fleetExitCode(rows.map((r) => r.row))
    if (exit !== EXIT.noTrace) {
      const page = renderFleetHtml(rows, {gctraceVersion: this.config.version, commandLine: commandLineOf(this.config.bin, ['report', ...this.argv]), generatedAt, workers: run.workersUsed}, bundles)
      if (flags.output === '-') process.stdout.write(page)
      else await writeFile(flags.output, page).catch((error: unknown) => this.fail(messages.cannotWrite(flags.output, error), EXIT.usageOrInput))
    }
    if (exit === EXIT.usageOrInput) this.fail(fleetMessages.notRead(rows.map((r) => r.row).filter((r) => r.status === 'unreadable' || r.status === 'failed'), rows.length), exit)
    if (exit === EXIT.noTrace) this.fail(fleetMessages.noneHadTrace(rows.length), exit)
  }

  private readBundles(): Bundle[] {
    try {
      return readVegaBundles()
    } catch (error) {
      this.fail(reportMessages.cannotReadBundles(error), EXIT.usageOrInput)
    }
  }
}
