import {Args, Flags} from '@oclif/core'
import {once} from 'node:events'
import {createWriteStream} from 'node:fs'
import {finished} from 'node:stream/promises'

import {FINDING_IDS, type Finding} from '../analysis/rules/types.js'
import {timelineCsv} from '../analysis/timeline.js'
import {GctraceCommand} from '../cli/base-command.js'
import {fleetExitCode, fleetMessages, type ProcessGroup, planInputs, runFleet} from '../cli/fleet.js'
import {INPUT_FLAGS, type InputFlags, INPUTS_ARG_DESCRIPTION, requestOf} from '../cli/input-flags.js'
import type {LiveRequest} from '../cli/live-input.js'
import {checkAnalysisOptions, type LoadRequest, loadAnalysis} from '../cli/load-analysis.js'
import {useColor} from '../cli/terminal.js'
import {EXIT} from '../errors.js'
import {LOG_FORMATS} from '../input/log-format.js'
import {messages} from '../messages.js'
import {renderCycleCsv} from '../report/csv.js'
import {type FleetJson, fleetJsonOf} from '../report/fleet-row.js'
import {renderFleetText} from '../report/fleet-text.js'
import {renderJson} from '../report/json.js'
import {writePrettyJson} from '../report/json-stream.js'
import {renderText} from '../report/text.js'

const SEVERITIES = ['info', 'warn', 'critical'] as const

export default class Analyze extends GctraceCommand {
  static override args = {
    // ignoreStdin: oclif would otherwise read piped stdin with readline and take it as the file name.
    file: Args.string({description: `${INPUTS_ARG_DESCRIPTION} Piped stdin is read when no file is given.`, ignoreStdin: true}),
  }

  static override description = `Reads the output of a Go program run with GODEBUG=gctrace=1 (and scavtrace=1, gcpacertrace=1) — gc lines of every Go era from 1.3 on, scavenger lines, "GC forced" notices, pacer lines — mixed with the program's own output, log prefixes and lines cut apart by other writes, and explains why the process holds the memory it holds.

First "Why is RSS high?": with memory samples (--rss, or a recording folder), RSS at its peak and at the end split into the parts the runtime's numbers explain (live heap, heap growth toward the goal, idle heap not yet returned, memory returned with MADV_FREE but still resident, stacks, globals, file-backed pages) and what nothing explains; then the findings (docs/diagnosis.md), ranked by the MiB they explain. Then, per run of the program found in the input: its Go era, duration, cycle rate, GC CPU, stop-the-world pauses, heap sizes and goal, what triggered the cycles, what the scavenger returned, and where every input line went.

Several files (logs/*.log), a folder of logs, or several recording folders: each process is analysed on its own, in parallel in worker threads, and the output is one table, one row per process (a log and its rotated files trace.log.1, trace.log.2.gz are one process); --json gives the rows (docs/cli.md, "Many logs at once").

Exit codes: 0 ok; 1 a finding matched --fail-on; 2 bad usage or an input that cannot be read; 3 no GC trace in the input (with many inputs: in none of them).`

  static override enableJsonFlag = true

  static override examples = [
    {command: 'GODEBUG=gctrace=1,scavtrace=1 ./server 2> trace.log', description: 'Record a trace, then read it.'},
    '<%= config.bin %> <%= command.id %> trace.log',
    {command: '<%= config.bin %> <%= command.id %> fixtures/recordings/go1.19-seed-madvfree-10x256mb', description: 'A recording folder: the trace with its memory samples.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --rss grafana-export.csv --process-start 2024-05-01T12:00:00Z', description: 'Memory samples with wall-clock times need the process start.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log.gz --csv cycles.csv', description: 'A gzip file, with one CSV row per cycle.'},
    {command: './server 2>&1 | <%= config.bin %> <%= command.id %> -', description: 'From a pipe.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --json > analysis.json', description: 'Everything as JSON (docs/json.md).'},
    {command: '<%= config.bin %> <%= command.id %> recording/ --fail-on warn', description: 'In CI: exit 1 when any warn or critical finding is present.'},
    {command: '<%= config.bin %> <%= command.id %> logs/', description: 'Every log in a folder (and its rotations), one row per process, analysed in parallel.'},
    {command: './server 2>&1 | <%= config.bin %> <%= command.id %> - --passthrough --pid $(pgrep -n server) --out rec | ship-logs', description: 'Live: the program’s own lines go on to stdout unchanged, its memory is sampled, a recording is kept; Ctrl-C or the end of input prints the analysis (to stderr).'},
  ]

  static override flags = {
    ...INPUT_FLAGS,
    csv: Flags.string({description: 'Also write one row per cycle, every segment, to this CSV file.', helpValue: 'FILE'}),
    'fail-on': Flags.string({
      description: `Exit 1 when a finding with this id, or of this severity or worse, is present (${SEVERITIES.join(', ')}, or an id: ${FINDING_IDS.join(', ')}). Repeatable.`,
      helpValue: 'ID|SEVERITY',
      multiple: true,
      multipleNonGreedy: true,
    }),
    format: Flags.string({description: 'The log collector’s format of the input: docker-json (Docker json-file), cri (containerd, /var/log/pods), rfc3339 (kubectl logs --timestamps, docker logs -t), journald-short, journald-json (journalctl -o short…, -o json), or plain; detected per file from its first lines when not given (docs/formats.md, "Log collectors").', options: [...LOG_FORMATS]}),
    interval: Flags.string({description: 'With --pid: sample the process’s memory this often, in milliseconds.', default: '250', helpValue: 'MS'}),
    out: Flags.string({description: 'Also write what was read as a recording folder (trace.log, meta.json, and rss.csv with --pid), for analyze DIR and report DIR later (docs/recording.md).', helpValue: 'DIR'}),
    passthrough: Flags.boolean({description: 'Write every line that is not runtime output to stdout, byte for byte (app text cut out of runtime lines given back whole), so gctrace can sit in a log pipeline; the analysis then goes to stderr.'}),
    pid: Flags.string({description: 'Sample this running process’s memory (/proc, or ps) while its trace arrives on the pipe.', helpValue: 'PID'}),
    'timeline-csv': Flags.string({description: 'Also write the time-aligned table (each memory sample with the heap state and the RSS attribution at that moment) to this CSV file.', helpValue: 'FILE'}),
  }

  // Every argument is an input: `analyze logs/*.log`.
  static override strict = false

  static override summary = 'Explain why a Go process holds the memory it holds, from its GODEBUG=gctrace=1 output.'

  async run(): Promise<FleetJson | undefined> {
    const {argv, flags} = await this.parse(Analyze)
    const named = argv as string[]
    const inputs = named.length > 0 ? named : process.stdin.isTTY ? [] : ['-']
    if (inputs.length === 0) this.fail(messages.noInputGiven(), EXIT.usageOrInput)
    for (const target of flags['fail-on'] ?? []) {
      if (!(SEVERITIES as readonly string[]).includes(target) && !(FINDING_IDS as readonly string[]).includes(target)) this.fail(messages.badFailOn(target, [...SEVERITIES, ...FINDING_IDS]), EXIT.usageOrInput)
    }
    let plan: ReturnType<typeof planInputs>
    try {
      plan = planInputs(inputs)
    } catch (error) {
      this.failOnInput(error)
    }
    if (plan.kind === 'many') return this.analyzeMany(plan.groups, flags)
    const {path} = plan
    // A live read is of one input as it arrives; rotated files are read whole, one after the other.
    if (plan.paths !== undefined) for (const flag of ['passthrough', 'pid', 'out'] as const) if (flags[flag] !== undefined && flags[flag] !== false) this.fail(fleetMessages.liveWithSeveralFiles(flag, plan.paths.length), EXIT.usageOrInput)
    const live = this.liveRequest(path, flags)
    // A log and its rotations (trace.log.1, trace.log.2.gz) are one process, read oldest first.
    const request: LoadRequest = {...requestOf(path, flags), live, ...(plan.paths === undefined ? {} : {paths: plan.paths})}
    const {analysis, name, series, live: liveResult} = await loadAnalysis(request).catch((error: unknown) => this.failOnInput(error))
    for (const note of liveResult?.notes ?? []) process.stderr.write(`gctrace: ${note}\n`)
    if (liveResult?.interrupted === true) process.stderr.write(`gctrace: ${messages.inputInterrupted()}\n`)
    if (liveResult?.recordingDir !== undefined) process.stderr.write(`gctrace: ${messages.recordingWritten(liveResult.recordingDir)}\n`)

    if (flags.csv !== undefined) await this.writeCsv(flags.csv, renderCycleCsv(analysis.trace))
    if (flags['timeline-csv'] !== undefined) {
      const timeline = analysis.diagnosis?.timeline
      if (timeline == null) this.fail(messages.noTimeline(), EXIT.usageOrInput)
      await this.writeCsv(flags['timeline-csv'], await timelineCsv(timeline))
    }
    // With --passthrough, stdout carries the program's lines: the page goes to stderr.
    const page = flags.passthrough ? process.stderr : process.stdout
    if (!this.jsonEnabled()) page.write(renderText(analysis, {input: name, color: useColor(page)}))
    // Written here as it is made, not returned for oclif to print: a week's log gives a document
    // longer than the longest string V8 can hold (json-stream.ts).
    if (this.jsonEnabled()) await writePrettyJson(process.stdout, renderJson(analysis, {input: name, gctraceVersion: this.config.version, samples: series}))
    const matched = matchFailOn(analysis.diagnosis?.findings ?? [], flags['fail-on'] ?? [])
    if (matched.length > 0) this.fail(messages.failOnMatched(matched.map((f) => f.id)), EXIT.findingMatched)
    return undefined
  }

  /**
   * Many processes (docs/cli.md, "Many logs at once"): each analysed alone in a worker thread,
   * one table. Exit 2 when one could not be read, else 1 when --fail-on matched any, else 3 when
   * none had a trace.
   */
  private async analyzeMany(groups: ProcessGroup[], flags: InputFlags & {[flag: string]: unknown; 'fail-on'?: string[] | undefined}): Promise<FleetJson> {
    for (const flag of ONE_PROCESS_FLAGS) if (flags[flag] !== undefined && flags[flag] !== false) this.fail(fleetMessages.oneProcessFlag(flag, groups.length), EXIT.usageOrInput)
    const {path: _path, progressTo: _progress, live: _live, ...request} = requestOf('', flags)
    try {
      checkAnalysisOptions(request)
    } catch (error) {
      this.failOnInput(error)
    }
    const run = await runFleet(groups, {request, html: null}, process.stderr)
    const rows = run.results.map((r) => r.row)
    if (!this.jsonEnabled()) process.stdout.write(renderFleetText(rows, {color: useColor(process.stdout), workers: run.workersUsed}))
    const json = fleetJsonOf(rows, {gctraceVersion: this.config.version, workers: run.workersUsed})
    const exit = fleetExitCode(rows)
    const matched = rows.map((row) => ({name: row.name, ids: matchFailOn(row.findings, flags['fail-on'] ?? []).map((f) => f.id)})).filter((m) => m.ids.length > 0)
    const failure =
      exit === EXIT.usageOrInput
        ? {message: fleetMessages.notRead(rows.filter((r) => r.status === 'unreadable' || r.status === 'failed'), rows.length), exit}
        : matched.length > 0
          ? {message: fleetMessages.failOnMatched(matched), exit: EXIT.findingMatched}
          : exit === EXIT.noTrace
            ? {message: fleetMessages.noneHadTrace(rows.length), exit}
            : undefined
    if (failure !== undefined) {
      if (this.jsonEnabled()) this.logJson(json)
      this.fail(failure.message, failure.exit)
    }
    return json
  }

  /** The live-pipe part of the request: for stdin, and whenever --passthrough, --pid or --out asks for it. */
  private liveRequest(path: string, flags: {passthrough: boolean; pid?: string | undefined; out?: string | undefined; interval: string}): LiveRequest | undefined {
    if (flags.passthrough && this.jsonEnabled()) this.fail(messages.passthroughWithJson(), EXIT.usageOrInput)
    let pid: number | undefined
    if (flags.pid !== undefined) {
      pid = Number(flags.pid)
      if (!/^\d+$/.test(flags.pid.trim()) || !Number.isSafeInteger(pid) || pid <= 0) this.fail(messages.badPid(flags.pid), EXIT.usageOrInput)
    }
    const intervalMs = Number(flags.interval)
    if (!Number.isInteger(intervalMs) || intervalMs < 10 || intervalMs > 60_000) this.fail(messages.badInterval(flags.interval), EXIT.usageOrInput)
    if (path !== '-' && !flags.passthrough && pid === undefined && flags.out === undefined) return undefined
    return {
      passthrough: flags.passthrough,
      pid,
      intervalMs,
      out: flags.out,
      stdout: process.stdout,
      // The live status belongs to a pipe; a file shows its reading progress instead.
      statusTo: path === '-' ? process.stderr : undefined,
    }
  }

  private async writeCsv(path: string, pieces: Iterable<string>): Promise<void> {
    const out = createWriteStream(path)
    const failed = new Promise<never>((_, reject) => out.once('error', reject))
    try {
      for (const piece of pieces) if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed])
      out.end()
      await Promise.race([finished(out), failed])
    } catch (error) {
      this.fail(messages.cannotWrite(path, error), EXIT.usageOrInput)
    }
  }
}

/** Flags about one process: a usage error with many (docs/cli.md). */
const ONE_PROCESS_FLAGS = ['rss', 'process-start', 'passthrough', 'pid', 'out', 'csv', 'timeline-csv'] as const

/** Findings that --fail-on names by id, or by severity (that severity or worse). */
function matchFailOn<F extends Pick<Finding, 'id' | 'severity'>>(findings: F[], targets: string[]): F[] {
  const rank = {info: 0, warn: 1, critical: 2} as const
  return findings.filter((f) => targets.some((t) => t === f.id || (t in rank && rank[f.severity] >= rank[t as keyof typeof rank])))
}
