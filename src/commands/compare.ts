import {Args, Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'

import {GctraceCommand} from '../cli/base-command.js'
import {loadAnalysis, type Loaded} from '../cli/load-analysis.js'
import {EXIT} from '../errors.js'
import {messages} from '../messages.js'
import {type Bundle, readVegaBundles} from '../report/bundles.js'
import {compareAnalyses, type Comparison, renderCompareHtml, renderCompareText} from '../report/compare.js'
import {reportMessages} from '../report/messages.js'
import {commandLineOf, INPUT_FLAGS} from '../cli/input-flags.js'

const inputArg = (which: string) =>
  Args.string({description: `${which}: a GC trace file (plain or gzip-compressed) or a recording folder (trace.log, rss.csv, meta.json).`, ignoreStdin: true, required: true})

export default class Compare extends GctraceCommand {
  static override args = {a: inputArg('The first run (A)'), b: inputArg('The second run (B)')}

  static override description = `Reads two traces or recordings and sets them side by side: peak RSS and RSS at the end, live heap, heap goal, GC CPU, STW pause p99 and cycles per minute, each with B − A; the findings only one of them has; and, with --html, their memory overlaid on a common time axis (seconds since each process started).

Exit codes: 0 ok; 2 bad usage, an input that cannot be read, or an output that cannot be written; 3 no GC trace in an input.`

  static override enableJsonFlag = true

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> fixtures/recordings/go1.19-seed-madvfree-10x256mb fixtures/recordings/go1.19-seed-madvdontneed-10x256mb', description: 'The same program with GODEBUG=madvdontneed=0 (A) and =1 (B).'},
    {command: '<%= config.bin %> <%= command.id %> before.log after.log --rss-a before-rss.csv --rss-b after-rss.csv --html compare.html', description: 'Two traces with their memory samples; also an HTML file.'},
  ]

  static override flags = {
    'go-version': INPUT_FLAGS['go-version'],
    html: Flags.string({description: 'Also write the comparison as one self-contained HTML file, with the memory of both runs overlaid.', helpValue: 'FILE.html'}),
    'rss-a': Flags.string({description: 'Memory samples of A (as --rss of analyze); a recording folder brings its own.', helpValue: 'FILE'}),
    'rss-b': Flags.string({description: 'Memory samples of B (as --rss of analyze); a recording folder brings its own.', helpValue: 'FILE'}),
    'rss-unit': INPUT_FLAGS['rss-unit'],
    threshold: INPUT_FLAGS.threshold,
  }

  static override summary = 'Compare two runs: memory and GC figures with their deltas, findings in one and not the other.'

  async run(): Promise<Comparison> {
    const {args, flags} = await this.parse(Compare)
    const load = (path: string, rss: string | undefined): Promise<Loaded> =>
      loadAnalysis({path, rss, rssUnit: flags['rss-unit'], goVersion: flags['go-version'], thresholds: flags.threshold, progressTo: process.stderr}).catch((error: unknown) => this.failOnInput(error))
    const a = await load(args.a, flags['rss-a'])
    const b = await load(args.b, flags['rss-b'])
    const comparison = compareAnalyses({analysis: a.analysis, input: a.name}, {analysis: b.analysis, input: b.name})
    if (flags.html !== undefined) {
      let bundles: Bundle[]
      try {
        bundles = readVegaBundles()
      } catch (error) {
        this.fail(reportMessages.cannotReadBundles(error), EXIT.usageOrInput)
      }
      const page = renderCompareHtml({comparison, a: a.analysis, b: b.analysis, gctraceVersion: this.config.version, commandLine: commandLineOf(this.config.bin, ['compare', ...this.argv]), generatedAt: new Date()}, bundles)
      const path = flags.html
      await writeFile(path, page).catch((error: unknown) => this.fail(messages.cannotWrite(path, error), EXIT.usageOrInput))
    }
    if (!this.jsonEnabled()) process.stdout.write(renderCompareText(comparison))
    return comparison
  }
}
