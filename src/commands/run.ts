import {Flags} from '@oclif/core'
import {cpus, release} from 'node:os'
import {basename} from 'node:path'

import {hasRuntimeOutput} from '../analysis/index.js'
import {GctraceCommand} from '../cli/base-command.js'
import {childEnvironment, type MergedGodebug, recordedEnvironment} from '../cli/godebug.js'
import {analyzeParsed, checkAnalysisOptions, type Loaded} from '../cli/load-analysis.js'
import {findRecording} from '../cli/recording.js'
import {defaultRecordingDir, RecordingWriter} from '../cli/recording-writer.js'
import {type ChildEnd, notExecutable, resolveCommand, runChild} from '../cli/run-child.js'
import {readThp} from '../cli/system-info.js'
import {useColor} from '../cli/terminal.js'
import {EXIT} from '../errors.js'
import {RawLineSplitter} from '../input/raw-lines.js'
import {type GoVersionResult, readGoVersion} from '../memory/go-version.js'
import {MemorySampler} from '../memory/proc-sampler.js'
import {messages} from '../messages.js'
import {renderJson} from '../report/json.js'
import {writePrettyJson} from '../report/json-stream.js'
import {renderText} from '../report/text.js'
import {type Trace, TraceParser} from '../trace/parse-trace.js'

/** Exit codes of a program that could not be started, as the shell gives them. */
const EXIT_NOT_FOUND = 127
const EXIT_CANNOT_EXECUTE = 126

/** Flags of `run` that take a value, for telling them from the command when `--` is left out. */
const VALUE_FLAGS = new Set(['--interval', '--out', '--threshold', '-o'])

export default class Run extends GctraceCommand {
  static override description = `Starts the program with GODEBUG=gctrace=1,scavtrace=1 added to its environment (every other GODEBUG setting, GOGC, GOMEMLIMIT and GOMAXPROCS stay as they are), passes its stdin, stdout and stderr through unchanged, samples its memory every --interval, and when it ends prints the analysis of its run (as gctrace analyze does) to stderr.

Everything is kept in a recording folder (--out, default gctrace-<program>-<time>/): trace.log (the program's stderr, byte for byte), stdout.log, rss.csv (memory samples from /proc/PID/status, /proc/PID/smaps_rollup and the memory cgroup; ps where there is no /proc) and meta.json (command, environment, Go version read from the executable, kernel, THP mode, cgroup limit, exit code, duration). gctrace analyze DIR and gctrace report DIR read it again (docs/recording.md).

Ctrl-C and SIGTERM reach the program; a second one kills it; the recording is written and analysed either way. gctrace exits with the program's exit code, 128+N when a signal N ended it, 127 when the command is not found, 126 when it cannot be run.

Build the program first and run the binary: with go run, the go command and the compiler are traced too.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> <%= command.id %> -- ./server --port 8080',
    {command: 'GODEBUG=madvdontneed=1 GOGC=200 <%= config.bin %> <%= command.id %> -- ./server', description: 'Your GODEBUG settings are kept; gctrace=1 and scavtrace=1 are added.'},
    {command: '<%= config.bin %> <%= command.id %> --out rec --json -- ./batch-job > analysis.json', description: 'The analysis as JSON on stdout (after the program’s own stdout).'},
  ]

  static override flags = {
    interval: Flags.string({description: 'Sample the program’s memory this often, in milliseconds.', default: '250', helpValue: 'MS'}),
    out: Flags.string({char: 'o', description: 'The recording folder (created; trace.log, stdout.log, rss.csv and meta.json in it are replaced). Default: gctrace-<program>-<YYYYMMDD-HHMMSS> in the current directory.', helpValue: 'DIR'}),
    'stdout-log': Flags.boolean({description: 'Keep a copy of the program’s stdout in stdout.log.', default: true, allowNo: true}),
    threshold: Flags.string({description: 'Change a threshold a finding is judged by, as name=value; repeatable (docs/diagnosis.md).', helpValue: 'NAME=VALUE', multiple: true}),
  }

  static override strict = false

  static override summary = 'Run a Go program with its GC trace on, record it, and explain its memory when it ends.'

  static override usage = '<%= command.id %> [--out DIR] [--interval MS] [--json] -- COMMAND [ARGS...]'

  private json = false

  override jsonEnabled(): boolean {
    return this.json
  }

  async run(): Promise<void> {
    const argv = [...this.argv]
    const {before, command} = splitCommand(argv)
    const {flags} = await this.parse(Run, before)
    this.json = flags.json === true
    const [program, ...args] = command
    if (program === undefined) this.fail(messages.runNoCommand(), EXIT.usageOrInput)
    const intervalMs = Number(flags.interval)
    if (!Number.isInteger(intervalMs) || intervalMs < 10 || intervalMs > 60_000) this.fail(messages.badInterval(flags.interval), EXIT.usageOrInput)
    try {
      checkAnalysisOptions({thresholds: flags.threshold})
    } catch (error) {
      this.failOnInput(error)
    }

    // Where the shell would find it: to read its Go version, and to say "not found" as a shell does.
    const executable = resolveCommand(program)
    if (executable === null) this.fail(messages.commandNotFound(program), EXIT_NOT_FOUND)
    const problem = notExecutable(executable)
    if (problem === 'missing') this.fail(messages.commandNotFound(program), EXIT_NOT_FOUND)
    if (problem !== undefined) this.fail(messages.commandNotExecutable(program, problem === 'directory' ? 'a directory' : 'permission denied'), EXIT_CANNOT_EXECUTE)
    const goVersion = readGoVersion(executable)
    const goRun = basename(executable) === 'go' && args[0] === 'run'
    if (goRun) this.note(messages.goRunDetected())

    const {env, godebug} = childEnvironment(process.env)
    const dir = flags.out ?? defaultRecordingDir(goRun ? 'go-run' : basename(program))
    let writer: RecordingWriter
    try {
      writer = RecordingWriter.open(dir, {stdout: flags['stdout-log'], cgroupColumns: false})
    } catch (error) {
      this.fail(messages.cannotWrite(dir, error), EXIT.usageOrInput)
    }

    const parser = new TraceParser()
    const splitter = new RawLineSplitter(false)
    let sampler: MemorySampler | undefined
    let pid = 0
    const startEpochMs = Date.now()
    const end = await runChild({
      command: executable,
      args,
      env,
      onSpawn(child, origin) {
        pid = child.pid as number
        sampler = new MemorySampler({pid, intervalMs, origin, onSample: (s) => writer.sample(s)})
        writer.useCgroupColumns(sampler.cgroup !== null)
        sampler.start()
      },
      onStderr(chunk) {
        writer.trace(chunk)
        for (const line of splitter.push(chunk).texts) parser.push(line)
      },
      onStdout: (chunk) => writer.stdout(chunk),
      onSignal: ({signal, action}) => {
        if (action === 'killed') this.note(messages.interruptKilled(pid))
        else if (process.stderr.isTTY) this.note(action === 'forwarded' ? messages.interruptPassed(signal, pid) : messages.interruptSeen(pid))
      },
    })
    if ('failed' in end) {
      writer.discard()
      if (end.code === 'ENOENT') this.fail(messages.commandNotFound(program), EXIT_NOT_FOUND)
      this.fail(messages.commandNotExecutable(program, end.message), EXIT_CANNOT_EXECUTE)
    }
    sampler?.stop()
    for (const line of splitter.end().texts) parser.push(line)
    const trace = parser.end()

    const cgroup = sampler?.cgroup ?? null
    writer.finish({
      program: basename(program),
      command: program,
      args,
      env: recordedEnvironment(env),
      goVersion: goVersion.version,
      startEpochMs,
      durationS: Number(end.durationS.toFixed(3)),
      exitCode: end.code,
      signal: end.signal,
      kernel: release(),
      thp: readThp(),
      cgroup: cgroup === null ? null : {version: cgroup.version, path: cgroup.path, limitKiB: cgroup.read()?.maxKiB ?? null},
      cpus: cpus().length,
      pid,
      executable,
      goVersionFrom: goVersion.version === null ? `not found in ${executable} (${goVersion.reason})` : `build info of ${executable}`,
      godebugUser: process.env.GODEBUG ?? null,
      godebugAdded: godebug.added,
      goRun,
      killedByGctrace: end.killed,
      sampleIntervalMs: intervalMs,
      samples: writer.sampleCount,
      sampler: sampler === undefined ? null : {source: sampler.source, ...sampler.cost()},
      recordedWith: recordedWith(argv, process.env),
      gctraceVersion: this.config.version,
    })

    process.exitCode = end.exitCode
    this.note(messages.runEnded(program, describeEnd(end), end.durationS, dir))
    if (sampler?.source === 'ps') this.note(messages.sampledWithPs())
    if (goVersion.version === null && hasRuntimeOutput(trace)) this.note(messages.goVersionUnknown(executable))
    const restarts = trace.segments.filter((s) => s.startReason !== 'input-start').length
    if (goRun && restarts > 0) this.note(messages.goRunRestarts(trace.segments.length))
    return this.report(trace, dir, flags.threshold, {godebug, goVersion, executable, end, env})
  }

  /** The analysis, as analyze prints it, to stderr (text) or stdout (--json); why it is empty when it is. */
  private async report(trace: Trace, dir: string, thresholds: string[] | undefined, run: {godebug: MergedGodebug; goVersion: GoVersionResult; executable: string; end: ChildEnd; env: NodeJS.ProcessEnv}): Promise<void> {
    let loaded: Loaded
    try {
      loaded = await analyzeParsed(trace, {thresholds}, findRecording(dir), undefined)
    } catch (error) {
      // The recording is written; a sample file gctrace cannot read again is a bug worth seeing.
      this.failOnInput(error)
    }
    // No cycle: say why. Scavenger lines alone (gctrace=0 with scavtrace=1) are still shown.
    if (trace.lines.cycles === 0) {
      this.note(messages.emptyTrace(emptyReason(run)))
      this.note(messages.emptyKept(dir))
    }
    // Written here as it is made (see analyze): a long run's document passes V8's longest string.
    if (this.json) {
      await writePrettyJson(process.stdout, renderJson(loaded.analysis, {input: dir, gctraceVersion: this.config.version, samples: loaded.series}))
      return
    }
    if (hasRuntimeOutput(trace)) process.stderr.write('\n' + renderText(loaded.analysis, {input: dir, color: useColor(process.stderr)}))
  }

  private note(text: string): void {
    process.stderr.write(`gctrace: ${text}\n`)
  }
}

/** Flags before `--`, the command after it. Without `--`, the command starts at the first argument that is not a flag or a flag's value. */
export function splitCommand(argv: string[]): {before: string[]; command: string[]} {
  const dashes = argv.indexOf('--')
  if (dashes >= 0) return {before: argv.slice(0, dashes), command: argv.slice(dashes + 1)}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('-')) return {before: argv.slice(0, i), command: argv.slice(i)}
    if (VALUE_FLAGS.has(arg)) i++
  }
  return {before: argv, command: []}
}

/** The command line that made the recording, with the environment that changes the run: to run it again. */
function recordedWith(argv: string[], env: NodeJS.ProcessEnv): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)
  const settings = ['GODEBUG', 'GOGC', 'GOMEMLIMIT', 'GOMAXPROCS'].filter((key) => env[key] !== undefined).map((key) => `${key}=${quote(env[key] as string)}`)
  return [...settings, 'gctrace', 'run', ...argv.map(quote)].join(' ')
}

function describeEnd(end: ChildEnd): string {
  if (end.killed && end.signal === 'SIGKILL') return messages.runKilledByGctrace()
  if (end.signal !== null) return messages.runKilledBy(end.signal, end.exitCode)
  return messages.runExitedWith(end.exitCode)
}

/** Why a run printed no GC trace, as far as gctrace can tell. */
export function emptyReason(run: {godebug: MergedGodebug; goVersion: GoVersionResult; executable: string; end: ChildEnd; env: NodeJS.ProcessEnv}): string {
  const own = run.godebug.userSettings.gctrace
  if (own !== undefined && own.trim() === '0') return messages.emptyUserGodebug(`gctrace=${own}`)
  if (run.goVersion.version === null) return run.goVersion.reason === 'not-go' ? messages.emptyNotGo(run.executable) : messages.emptyUnknownVersion()
  if (run.env.GOGC?.trim().toLowerCase() === 'off' && (run.env.GOMEMLIMIT ?? '') === '') return messages.emptyGogcOff()
  if (run.end.durationS < 120) return messages.emptyNoGcYet(run.end.durationS)
  return messages.emptyNoCycle(run.goVersion.version)
}
