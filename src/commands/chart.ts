import {Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'

import {GctraceCommand} from '../cli/base-command.js'
import {loadAnalysis} from '../cli/load-analysis.js'
import {EXIT} from '../errors.js'
import {messages} from '../messages.js'
import {buildChart, CHART_KINDS, type ChartKind} from '../report/charts.js'
import {reportMessages} from '../report/messages.js'
import {renderSvg} from '../report/svg.js'
import {INPUT_ARG, INPUT_FLAGS, loadRequestOf} from '../cli/input-flags.js'

const FORMATS = ['vega-lite', 'svg'] as const

export default class Chart extends GctraceCommand {
  static override args = {file: INPUT_ARG}

  static override description = `Writes one of the report's charts, as a Vega-Lite spec with its data inline (to open in any Vega-Lite tool, or embed), or as an SVG drawn in Node by vega (no browser needed).

memory: RSS (and RssAnon, LazyFree, cgroup memory when sampled), heap at cycle start and end, live heap, heap goal, the scavenger's released total; periodic and user-forced cycles marked; the moments the findings cite annotated.
attribution: RSS split into the parts the runtime's numbers explain, stacked, over time (needs memory samples).
pauses: stop-the-world pause per cycle with p50/p99, GC CPU %, time between cycles.

Exit codes: 0 ok; 2 bad usage, an input that cannot be read, or an output that cannot be written; 3 no GC trace in the input.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> fixtures/recordings/go1.19-seed-madvfree-10x256mb --kind memory --format svg -o memory.svg', description: 'The memory chart of a recording, as SVG.'},
    {command: '<%= config.bin %> <%= command.id %> trace.log --kind pauses > pauses.vl.json', description: 'The pauses chart as a Vega-Lite spec on stdout.'},
  ]

  static override flags = {
    ...INPUT_FLAGS,
    format: Flags.string({description: 'vega-lite: the spec as JSON, data inline; svg: the chart drawn in Node.', options: [...FORMATS], default: 'vega-lite'}),
    kind: Flags.string({description: 'Which chart.', options: [...CHART_KINDS], required: true}),
    output: Flags.string({char: 'o', description: 'Write to this file instead of stdout.', helpValue: 'FILE'}),
    width: Flags.integer({description: 'Plot width in pixels.', default: 900, min: 200, max: 10000}),
  }

  static override summary = 'Write a chart (memory, attribution, pauses) as a Vega-Lite spec or an SVG.'

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Chart)
    const {analysis} = await loadAnalysis(loadRequestOf(args.file, flags)).catch((error: unknown) => this.failOnInput(error))
    const svg = flags.format === 'svg'
    const spec = buildChart(flags.kind as ChartKind, analysis, {width: flags.width, interactive: !svg})
    if (spec === null) this.fail(reportMessages.attributionNeedsSamples(), EXIT.usageOrInput)
    const text = svg ? await renderSvg(spec) : JSON.stringify(spec) + '\n'
    if (flags.output === undefined || flags.output === '-') {
      process.stdout.write(text)
      return
    }
    const path = flags.output
    await writeFile(path, text).catch((error: unknown) => this.fail(messages.cannotWrite(path, error), EXIT.usageOrInput))
  }
}
