import test from 'ava'
import {readFileSync} from 'node:fs'
import {compile} from 'vega-lite'

import {analyzeTrace} from '../../src/analysis/index.js'
import {attributionChart, buildChart, CHART_KINDS, findingMoments, MEMORY_SERIES, memoryChart, pausesChart, type VegaLiteSpec} from '../../src/report/charts.js'
import {renderSvg} from '../../src/report/svg.js'
import {CycleTable} from '../../src/trace/cycle-table.js'
import {PacerTable} from '../../src/trace/pacer-table.js'
import {ScavengerTable} from '../../src/trace/scavenger-table.js'
import {analyzeRecording} from '../helpers/analyze.js'
import {parseText} from '../helpers/parse.js'
import {fixture} from '../helpers/paths.js'
import {validateVegaLite} from './vega-lite-schema.js'

const RECORDINGS = ['go1.19-seed-madvfree-10x256mb', 'go1.19-forced-gc', 'go1.19-stderr-splices', 'go1.19-memlimit-gogc-off']

/** Every layer's (or view's) inline data rows, flattened. */
function dataRows(spec: VegaLiteSpec): Record<string, unknown>[] {
  const own = ((spec.data as {values?: Record<string, unknown>[]} | undefined)?.values ?? [])
  const children = [...((spec.layer as VegaLiteSpec[] | undefined) ?? []), ...((spec.vconcat as VegaLiteSpec[] | undefined) ?? [])]
  return [...own, ...children.flatMap(dataRows)]
}

function assertValid(t: import('ava').ExecutionContext, spec: VegaLiteSpec, what: string): void {
  t.deepEqual(validateVegaLite(spec), [], `${what}: valid against the Vega-Lite schema`)
  const warnings: string[] = []
  compile(spec as never, {logger: {level: () => 0, warn: (...args: unknown[]) => warnings.push(args.join(' ')), info: () => undefined, debug: () => undefined, error: (...args: unknown[]) => warnings.push(args.join(' '))} as never})
  t.deepEqual(warnings, [], `${what}: compiles with no warnings`)
}

for (const name of RECORDINGS) {
  test(`${name}: every chart validates against the Vega-Lite schema, with samples and without`, async (t) => {
    for (const withoutSamples of [false, true]) {
      const analysis = await analyzeRecording(name, {withoutSamples})
      for (const kind of CHART_KINDS) {
        const spec = buildChart(kind, analysis)
        if (kind === 'attribution' && withoutSamples) {
          t.is(spec, null, 'no attribution without samples')
          continue
        }
        t.not(spec, null, kind)
        assertValid(t, spec as VegaLiteSpec, `${name} ${kind}${withoutSamples ? ' (trace only)' : ''}`)
        t.true(dataRows(spec as VegaLiteSpec).length > 0, `${kind} has data`)
      }
    }
  })
}

test('memory: RSS, LazyFree, the heap series, the scavenger total, periodic markers and each finding’s moments', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb')
  const spec = memoryChart(analysis)
  const rows = dataRows(spec)
  const series = new Set(rows.map((r) => r.series))
  for (const s of [MEMORY_SERIES.rss, MEMORY_SERIES.anon, MEMORY_SERIES.lazyFree, MEMORY_SERIES.heapStart, MEMORY_SERIES.heapEnd, MEMORY_SERIES.live, MEMORY_SERIES.goal, MEMORY_SERIES.released, MEMORY_SERIES.periodic]) t.true(series.has(s.label), s.label)
  t.false(series.has(MEMORY_SERIES.cgroup.label), 'no cgroup series when not sampled')
  const moments = findingMoments(analysis)
  const findingsWithMoments = new Set(moments.map((m) => m.id))
  for (const finding of analysis.diagnosis?.findings ?? []) {
    if (finding.evidence.some((e) => e.at !== undefined)) t.true(findingsWithMoments.has(finding.id), `${finding.id} is annotated`)
  }
  t.true(rows.some((r) => r.id === 'madv-free' && typeof r.t === 'number'))
  // The largest RSS sample is drawn.
  const peak = Math.max(...[...(analysis.diagnosis?.timeline?.rows ?? [])].map((r) => r.sample.rssKiB / 1024))
  t.is(Math.max(...rows.filter((r) => r.series === 'RSS').map((r) => r.mib as number)), Math.round(peak * 1000) / 1000)
})

test('user-forced cycles are marked', async (t) => {
  const analysis = await analyzeRecording('go1.19-forced-gc')
  const rows = dataRows(memoryChart(analysis))
  t.true(rows.some((r) => r.series === MEMORY_SERIES.user.label && typeof r.seq === 'number'))
})

test('attribution: the parts of each drawn sample add up to its RSS', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvdontneed-10x256mb')
  const spec = attributionChart(analysis) as VegaLiteSpec
  const rows = (spec.data as {values: {t: number; mib: number}[]}).values
  const byTime = new Map<number, number>()
  for (const r of rows) byTime.set(r.t, (byTime.get(r.t) ?? 0) + r.mib)
  const rss = new Map([...(analysis.diagnosis?.timeline?.rows ?? [])].map((r) => [r.at, r.attribution.rssMiB]))
  for (const [at, sum] of byTime) t.true(Math.abs(sum - (rss.get(at) as number)) < 0.01, `@${at}: ${sum} vs ${rss.get(at)}`)
})

test('pauses: p50 and p99 rules come from every cycle', async (t) => {
  const analysis = await analyzeRecording('go1.19-stderr-splices')
  const spec = pausesChart(analysis)
  const summary = analysis.summaries[0]?.stwPauseMs
  const rules = dataRows(spec).filter((r) => typeof r.ms === 'number')
  t.deepEqual(new Set(rules.map((r) => r.ms)), new Set([summary?.p50, summary?.p99]))
  t.is((spec.vconcat as unknown[]).length, 3, 'pauses, GC CPU, time between cycles')
})

test('a trace of an era that prints no times (Go 1.3) is charted by cycle number', async (t) => {
  const catalog = JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {kind: string; shape: string; line: string}[]
  const lines = catalog.filter((e) => e.kind === 'gc' && e.shape === 'go1.3').map((e) => e.line)
  const {trace} = await parseText(lines.join('\n') + '\n')
  const analysis = analyzeTrace(trace)
  for (const kind of ['memory', 'pauses'] as const) {
    const spec = buildChart(kind, analysis) as VegaLiteSpec
    assertValid(t, spec, `go1.3 ${kind}`)
    t.true(JSON.stringify(spec).includes('cycle number'), 'x is the cycle number')
  }
})

test('a million cycles: every series of every chart is at most a few thousand points', async (t) => {
  const {trace} = await parseText(readFileSync(fixture('recordings', 'go1.19-stderr-splices', 'trace.log'), 'utf8'))
  const segment = trace.segments[0]
  if (segment === undefined) return t.fail('no segment')
  // A long run made from the real cycles, repeated with shifted numbers and times.
  const base = segment.cycles.toArray()
  const span = (base.at(-1)?.at ?? 0) + 1
  const cycles = new CycleTable()
  for (let round = 0; cycles.length < 1_000_000; round++) for (const c of base) if (cycles.length < 1_000_000) cycles.push({...c, seq: cycles.length + 1, at: (c.at ?? 0) + round * span})
  const big = {...trace, segments: [{...segment, cycles, scavenger: new ScavengerTable(), pacer: new PacerTable()}]}
  const analysis = analyzeTrace(big)
  for (const kind of ['memory', 'pauses'] as const) {
    const spec = buildChart(kind, analysis) as VegaLiteSpec
    const rows = dataRows(spec)
    const perSeries = new Map<string, number>()
    for (const r of rows) perSeries.set(String(r.series ?? r.seq === undefined), (perSeries.get(String(r.series ?? r.seq === undefined)) ?? 0) + 1)
    t.true(rows.length < 40_000, `${kind}: ${rows.length} rows`)
    t.true(JSON.stringify(spec).length < 4_000_000, `${kind}: ${JSON.stringify(spec).length} bytes`)
  }
  // The longest pause of all million cycles is drawn.
  const longest = Math.max(...base.map((c) => c.stwMs))
  t.true(dataRows(pausesChart(analysis)).some((r) => r.value === longest))
})

test('an SVG of every chart is drawn in Node, with no browser', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb')
  const titles = {memory: 'Memory over time', attribution: 'What RSS is made of', pauses: 'Pauses and GC cost'}
  for (const kind of CHART_KINDS) {
    const svg = await renderSvg(buildChart(kind, analysis, {interactive: false}) as VegaLiteSpec)
    t.true(svg.startsWith('<svg'), kind)
    t.true(svg.includes(titles[kind]), kind)
    t.true((svg.match(/<path/g) ?? []).length > 5, `${kind}: marks drawn`)
  }
})

test('the schema check does catch a spec that is not Vega-Lite', (t) => {
  t.not(validateVegaLite({mark: 'nonsense', data: {values: []}}).length, 0)
  t.not(validateVegaLite({mark: 'line', encoding: {x: {field: 't', type: 'quantitative', scale: {type: 'sideways'}}}}).length, 0)
})
