import {Args, Flags} from '@oclif/core'
import {once} from 'node:events'
import {createWriteStream} from 'node:fs'
import {finished} from 'node:stream/promises'

import {analyzeTrace, hasRuntimeOutput} from '../analysis/index.js'
import {GctraceCommand} from '../cli/base-command.js'
import {createProgress, useColor} from '../cli/terminal.js'
import {EXIT} from '../errors.js'
import {openInput} from '../input/open-input.js'
import {splitLines} from '../input/split-lines.js'
import {messages} from '../messages.js'
import {renderCycleCsv} from '../report/csv.js'
import {type AnalysisJson, renderJson} from '../report/json.js'
import {renderText} from '../report/text.js'
import {TraceParser} from '../trace/parse-trace.js'

export default class Analyze extends GctraceCommand {
  static override args = {
    // ignoreStdin: oclif would otherwise read piped stdin with readline and take it as the file name.
    file: Args.string({description: 'GC trace to read: a file (plain or gzip-compressed), or - for stdin. Piped stdin is read when no file is given.', ignoreStdin: true}),
  }

  static override description = `Reads the output of a Go program run with GODEBUG=gctrace=1 (and scavtrace=1, gcpacertrace=1) — gc lines of every Go era from 1.3 on, scavenger lines, "GC forced" notices, pacer lines — mixed with the program's own output, log prefixes and lines cut apart by other writes. Prints, per run of the program found in the input: its Go era, duration, cycle rate, GC CPU, stop-the-world pauses, heap sizes and goal, what triggered the cycles, what the scavenger returned, and where every input line went.

Exit codes: 0 ok; 2 bad usage or an input that cannot be read; 3 no GC trace in the input.`

  static override enableJsonFlag = true

  static override examples = [
    {command: 'GODEBUG=gctrace=1,scavtrace=1 ./server 2> trace.log', description: 'Record a trace, then read it.'},
    '<%= config.bin %> <%= command.id %> trace.log',
    {command: '<%= config.bin %> <%= command.id %> trace.log.gz --csv cycles.csv', description: 'A gzip file, with one CSV row per cycle.'},
    {command: './server 2>&1 | <%= config.bin %> <%= command.id %> -', description: 'From a pipe.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --json > analysis.json', description: 'Everything as JSON (docs/json.md).'},
  ]

  static override flags = {
    csv: Flags.string({description: 'Also write one row per cycle, every segment, to this CSV file.', helpValue: 'FILE'}),
  }

  static override summary = 'Summarise a GODEBUG=gctrace=1 log: cycles, pauses, heap, goal, scavenger.'

  async run(): Promise<AnalysisJson> {
    const {args, flags} = await this.parse(Analyze)
    const path = args.file ?? (process.stdin.isTTY ? undefined : '-')
    if (path === undefined) this.fail(messages.noInputGiven(), EXIT.usageOrInput)

    const input = await openInput(path).catch((error: unknown) => this.failOnInput(error))
    const progress = createProgress(process.stderr, input.name, input.sizeBytes)
    const parser = new TraceParser()
    try {
      for await (const batch of splitLines(input.chunks)) {
        for (const line of batch) parser.push(line)
        progress.update(input.bytesRead(), parser.cyclesSoFar)
      }
    } catch (error) {
      this.failOnInput(error)
    } finally {
      progress.done()
    }
    const trace = parser.end()
    if (!hasRuntimeOutput(trace)) {
      const first = trace.unrecognized[0]
      this.fail(first === undefined ? messages.noTrace() : messages.onlyUnrecognized(trace.lines.unrecognized, first.line, first.reason), EXIT.noTrace)
    }

    const analysis = analyzeTrace(trace)
    if (flags.csv !== undefined) await this.writeCsv(flags.csv, analysis.trace)
    if (!this.jsonEnabled()) process.stdout.write(renderText(analysis, {input: input.name, color: useColor(process.stdout)}))
    return renderJson(analysis, {input: input.name, gctraceVersion: this.config.version})
  }

  private async writeCsv(path: string, trace: Parameters<typeof renderCycleCsv>[0]): Promise<void> {
    const out = createWriteStream(path)
    const failed = new Promise<never>((_, reject) => out.once('error', reject))
    try {
      for (const piece of renderCycleCsv(trace)) if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed])
      out.end()
      await Promise.race([finished(out), failed])
    } catch (error) {
      this.fail(messages.cannotWrite(path, error), EXIT.usageOrInput)
    }
  }
}
