// The three charts, as Vega-Lite specs with their data inline: what the HTML report embeds, what
// `gctrace chart` writes, and what `chart --format svg` renders in Node.
//
//   memory       RSS (RssAnon, LazyFree, cgroup when sampled), heap at start and end of each
//                cycle, live heap, heap goal, the scavenger's released total; periodic and
//                user-forced cycles marked; each finding's moments annotated
//   attribution  RSS split into the parts the runtime's numbers explain, stacked, per sample
//   pauses       STW pause per cycle with p50/p99 rules; GC CPU %; time between cycles
//
// Each chart is of one segment: the run the diagnosis is about (the last with cycles). Series are
// downsampled for drawing (downsample.ts); the p50/p99 rules come from the full data.
import type {AttributionPartId} from '../analysis/attribution.js'
import type {Analysis} from '../analysis/index.js'
import type {SegmentSummary} from '../analysis/summarize-segment.js'
import type {TimelineRows} from '../analysis/timeline.js'
import type {OptionalKiB} from '../memory/sample-columns.js'
import type {Segment} from '../trace/segments.js'
import type {GcCycle} from '../trace/types.js'
import {DEFAULT_MAX_POINTS, pickPeakIndices, thinEvents} from './downsample.js'

/** A Vega-Lite spec as JSON; tests validate every one against Vega-Lite's own schema. */
export type VegaLiteSpec = Record<string, unknown>

export const CHART_KINDS = ['memory', 'attribution', 'pauses'] as const
export type ChartKind = (typeof CHART_KINDS)[number]

export interface ChartOptions {
  /** Plot width in pixels (the HTML page fits it to the window before drawing). */
  width?: number
  /** Points per series to draw at most. */
  maxPoints?: number
  /** Markers (forced cycles) per kind to draw at most; more are merged, each with its count. */
  maxMarkers?: number
  /** Hover layers for tooltips (a browser); off for a static SVG, where they would be hidden marks. */
  interactive?: boolean
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
const DEFAULT_WIDTH = 900
const DEFAULT_MAX_MARKERS = 300

/** Series of the memory chart, in legend order, with their colours. */
export const MEMORY_SERIES = {
  rss: {label: 'RSS', color: '#d62728'},
  anon: {label: 'RssAnon', color: '#ff9896'},
  lazyFree: {label: 'LazyFree (MADV_FREE, still resident)', color: '#9467bd'},
  cgroup: {label: 'cgroup memory', color: '#8c564b'},
  heapStart: {label: 'heap at cycle start', color: '#1f77b4'},
  heapEnd: {label: 'heap at cycle end', color: '#9ecae1'},
  live: {label: 'live heap', color: '#2ca02c'},
  goal: {label: 'heap goal', color: '#ff7f0e'},
  released: {label: 'scavenger: released in all', color: '#17becf'},
  periodic: {label: 'periodic cycle (GC forced)', color: '#7f7f7f'},
  user: {label: 'user-forced cycle (runtime.GC)', color: '#e377c2'},
} as const
type MemorySeriesId = keyof typeof MEMORY_SERIES

/** Short names of the attribution parts for the legend; tooltips carry the full label. */
export const PART_SHORT: Record<AttributionPartId, {label: string; color: string}> = {
  'file-backed': {label: 'file-backed', color: '#bcbd22'},
  'released-resident': {label: 'MADV_FREE, still resident', color: '#9467bd'},
  'live-heap': {label: 'live heap', color: '#2ca02c'},
  stacks: {label: 'stacks', color: '#8c564b'},
  globals: {label: 'globals', color: '#c49c94'},
  'heap-growth': {label: 'heap growth toward goal', color: '#98df8a'},
  'idle-heap': {label: 'idle heap, not returned', color: '#1f77b4'},
  'outside-go': {label: 'outside Go (cgo, mmap, …)', color: '#d62728'},
}
const PART_ORDER = Object.keys(PART_SHORT) as AttributionPartId[]

/** The segment the charts show: the diagnosed one, or the last with cycles. */
export function chartSegmentIndex(analysis: Analysis): number {
  if (analysis.diagnosis !== null) return analysis.diagnosis.segmentIndex
  for (let i = analysis.trace.segments.length - 1; i >= 0; i--) if ((analysis.trace.segments[i] as Segment).cycles.length > 0) return i
  return 0
}

/** Whether the charts can place cycles in time (Go 1.5+ prints `@Ns`); otherwise by cycle number. */
function isTimed(segment: Segment): boolean {
  const {cycles} = segment
  for (let i = 0; i < cycles.length; i++) if (!Number.isNaN(cycles.seconds(i))) return true
  return false
}

/** Rows of the cycles the charts place: on a timed trace those with a time, else all of them. */
function plottedRows(segment: Segment, timed: boolean): Int32Array {
  const {cycles} = segment
  return timed ? cycles.timedRows() : Int32Array.from({length: cycles.length}, (_, i) => i)
}

/** One value per plotted row (k is the position among them), NaN where the line printed none. */
function cycleColumn(rows: Int32Array, value: (row: number, k: number) => number): Float64Array {
  const out = new Float64Array(rows.length)
  for (let k = 0; k < rows.length; k++) out[k] = value(rows[k] as number, k)
  return out
}

/** One chart of the analysis, or null when it has nothing to draw (attribution without samples). */
export function buildChart(kind: ChartKind, analysis: Analysis, options: ChartOptions = {}): VegaLiteSpec | null {
  if (kind === 'memory') return memoryChart(analysis, options)
  if (kind === 'attribution') return attributionChart(analysis, options)
  return pausesChart(analysis, options)
}

// ---------------------------------------------------------------------------------------------
// Memory over time

export interface SeriesPoint {
  t: number
  series: string
  mib: number
  /** Where the value was read, for the tooltip: `gc N`, or a memory sample. */
  from: string
}

/** Memory series of one segment (and its samples), downsampled, in long form. */
export function memorySeries(segment: Segment, rows: TimelineRows | null, maxPoints: number): SeriesPoint[] {
  const out: SeriesPoint[] = []
  const timed = isTimed(segment)
  const {cycles, scavenger} = segment
  const plotted = plottedRows(segment, timed)
  // Typed columns, NaN for "not printed": a million cycles, several series, no garbage per value.
  const cycleX = cycleColumn(plotted, (i) => (timed ? cycles.seconds(i) : cycles.seq(i)))
  const seqs = cycleColumn(plotted, (i) => cycles.seq(i))
  const cycleSeries: [MemorySeriesId, (row: number) => number][] = [
    ['heapStart', (i) => cycles.heapAtStartMB(i)],
    ['heapEnd', (i) => cycles.heapAtEndMB(i)],
    ['live', (i) => cycles.liveHeapMB(i)],
    ['goal', (i) => cycles.goalMB(i)],
  ]
  for (const [id, value] of cycleSeries) {
    const values = cycleColumn(plotted, value)
    if (values.every(Number.isNaN)) continue
    for (const i of pickPeakIndices(cycleX, [values], maxPoints)) {
      const v = values[i] as number
      if (!Number.isNaN(v)) out.push({t: cycleX[i] as number, series: MEMORY_SERIES[id].label, mib: v, from: `gc ${seqs[i] as number}`})
    }
  }
  // The scavenger's total, at the time of the cycle printed before each report (cycles are in seq order).
  const released: {t: number; mib: number; seq: number}[] = []
  for (let r = 0; r < scavenger.length; r++) {
    const total = scavenger.totalReleasedKiB(r)
    const afterSeq = scavenger.afterSeq(r)
    if (Number.isNaN(total) || Number.isNaN(afterSeq)) continue
    const i = indexOfSeq(seqs, afterSeq)
    if (i >= 0) released.push({t: cycleX[i] as number, mib: total / 1024, seq: afterSeq})
  }
  for (const i of pickPeakIndices(column(released, (r) => r.t), [column(released, (r) => r.mib)], maxPoints)) {
    const r = released[i] as {t: number; mib: number; seq: number}
    out.push({t: r.t, series: MEMORY_SERIES.released.label, mib: round(r.mib), from: `scavenger report after gc ${r.seq}`})
  }
  // Samples can be placed only on a timed trace (samples are in seconds, untimed cycles are not).
  if (rows !== null && timed) {
    const {samples} = rows
    const x = columnOf(rows.length, (i) => samples.seconds(i))
    const size = (field: OptionalKiB) => (i: number) => samples.sizeKiB(field, i)
    const sampleSeries: [MemorySeriesId, (i: number) => number | undefined][] = [
      ['rss', (i) => samples.rssKiB(i)],
      ['anon', size('anonKiB')],
      ['lazyFree', size('lazyFreeKiB')],
      ['cgroup', size('cgroupKiB')],
    ]
    for (const [id, value] of sampleSeries) {
      const values = columnOf(rows.length, value)
      if (values.every(Number.isNaN)) continue
      for (const i of pickPeakIndices(x, [values], maxPoints)) {
        const v = values[i] as number
        if (!Number.isNaN(v)) out.push({t: x[i] as number, series: MEMORY_SERIES[id].label, mib: round(v / 1024), from: 'memory sample'})
      }
    }
  }
  return out
}

/** One value per item as a Float64Array, NaN where the value is null or undefined. */
function column<T>(items: readonly T[], value: (item: T) => number | null | undefined): Float64Array {
  return columnOf(items.length, (i) => value(items[i] as T))
}

/** value(i) for each i below `length` as a Float64Array, NaN where it is null or undefined. */
function columnOf(length: number, value: (i: number) => number | null | undefined): Float64Array {
  const out = new Float64Array(length)
  for (let i = 0; i < length; i++) out[i] = value(i) ?? Number.NaN
  return out
}

/** Index of `seq` in the ascending cycle numbers `seqs`, or -1. */
function indexOfSeq(seqs: Float64Array, seq: number): number {
  let lo = 0
  let hi = seqs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const at = seqs[mid] as number
    if (at === seq) return mid
    if (at < seq) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

export interface CycleMarker {
  t: number
  series: string
  seq: number
  count: number
}

/** Periodic and user-forced cycles, thinned to `maxMarkers` per kind. */
export function cycleMarkers(segment: Segment, maxMarkers: number): CycleMarker[] {
  const timed = isTimed(segment)
  const out: CycleMarker[] = []
  const {cycles} = segment
  for (const trigger of ['periodic', 'user'] as const) {
    const events: {t: number; series: string; seq: number}[] = []
    for (let i = 0; i < cycles.length; i++) {
      if (cycles.trigger(i) !== trigger || (timed && Number.isNaN(cycles.seconds(i)))) continue
      events.push({t: timed ? cycles.seconds(i) : cycles.seq(i), series: MEMORY_SERIES[trigger].label, seq: cycles.seq(i)})
    }
    out.push(...thinEvents(events, maxMarkers))
  }
  return out
}

export interface FindingMoment {
  t: number
  /** Pixels from the top for its label: labels of nearby moments are stacked, not overlaid. */
  lane: number
  id: string
  title: string
  evidence: string
}

/** Each finding's moments: its evidence entries that name a time, one mark per finding and time. */
export function findingMoments(analysis: Analysis): FindingMoment[] {
  const byKey = new Map<string, FindingMoment>()
  for (const finding of analysis.diagnosis?.findings ?? []) {
    for (const e of finding.evidence) {
      if (e.at === undefined) continue
      const key = `${finding.id}@${e.at}`
      const text = `${e.label}: ${formatNumber(e.value)} ${e.unit}`
      const moment = byKey.get(key)
      if (moment === undefined) byKey.set(key, {t: e.at, lane: 0, id: finding.id, title: finding.title, evidence: text})
      else moment.evidence += `; ${text}`
    }
  }
  const moments = [...byKey.values()].sort((a, b) => a.t - b.t)
  moments.forEach((moment, i) => (moment.lane = 2 + (i % 4) * 12))
  return moments
}

export function memoryChart(analysis: Analysis, options: ChartOptions = {}): VegaLiteSpec {
  const index = chartSegmentIndex(analysis)
  const segment = analysis.trace.segments[index] as Segment
  const timed = isTimed(segment)
  const rows = analysis.diagnosis?.segmentIndex === index ? (analysis.diagnosis.timeline?.rows ?? null) : null
  const points = memorySeries(segment, rows, options.maxPoints ?? DEFAULT_MAX_POINTS)
  const markers = cycleMarkers(segment, options.maxMarkers ?? DEFAULT_MAX_MARKERS)
  const moments = timed ? findingMoments(analysis) : []
  const present = new Set([...points.map((p) => p.series), ...markers.map((m) => m.series)])
  const legend = Object.values(MEMORY_SERIES).filter((s) => present.has(s.label))
  const x = xEncoding(timed)
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: {domain: legend.map((s) => s.label), range: legend.map((s) => s.color)},
    legend: {orient: 'bottom', columns: 4, symbolType: 'stroke', labelLimit: 260},
  }
  const hover: VegaLiteSpec = {
    mark: {type: 'point', filled: true, size: 40, clip: true},
    params: [{name: 'hover', select: {type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout'}}],
    encoding: {
      x,
      y: {field: 'mib', type: 'quantitative'},
      color,
      opacity: {condition: {param: 'hover', empty: false, value: 1}, value: 0},
      tooltip: [
        {field: 'series', title: 'series'},
        {field: 't', title: timed ? 'time (s)' : 'cycle', format: ',.3f'},
        {field: 'mib', title: 'MiB', format: ',.1f'},
        {field: 'from', title: 'from'},
      ],
    },
  }
  // The series are the chart's data; markers and moments bring their own.
  // A cycle's numbers hold until the next cycle prints new ones: steps, not slopes. The goal is
  // dashed in a layer of its own: a dash pattern on every line (even a solid [1, 0]) makes the
  // browser draw each line as thousands of one-pixel dashes, seconds for a long trace.
  const goal = MEMORY_SERIES.goal.label
  const lineEncoding = {
    x,
    y: {field: 'mib', type: 'quantitative', title: 'MiB'},
    color,
    opacity: {condition: {param: 'pick', value: 1}, value: 0.12},
    detail: {field: 'series'},
  }
  const layers: VegaLiteSpec[] = [
    {
      transform: [{filter: `datum.series !== '${goal}'`}],
      mark: {type: 'line', strokeWidth: 1.5, interpolate: 'step-after', clip: true},
      params: [
        {name: 'zoom', select: {type: 'interval', encodings: ['x']}, bind: 'scales'},
        {name: 'pick', select: {type: 'point', fields: ['series']}, bind: 'legend'},
      ],
      encoding: lineEncoding,
    },
    {
      transform: [{filter: `datum.series === '${goal}'`}],
      mark: {type: 'line', strokeWidth: 1.5, strokeDash: [6, 3], interpolate: 'step-after', clip: true},
      encoding: lineEncoding,
    },
  ]
  if (options.interactive !== false) layers.push(hover)
  if (markers.length > 0) {
    layers.push({
      data: {values: markers},
      mark: {type: 'rule', strokeWidth: 1, opacity: 0.5, clip: true},
      encoding: {
        x,
        color,
        tooltip: [
          {field: 'series', title: 'cycle'},
          {field: 'seq', title: 'gc'},
          {field: 't', title: timed ? 'time (s)' : 'cycle', format: ',.3f'},
          {field: 'count', title: 'cycles of this kind here'},
        ],
      },
    })
  }
  if (moments.length > 0) {
    const momentTooltip = [
      {field: 'id', title: 'finding'},
      {field: 'title', title: 'what'},
      {field: 'evidence', title: 'evidence'},
      {field: 't', title: 'time (s)', format: ',.3f'},
    ]
    layers.push(
      {
        data: {values: moments},
        mark: {type: 'rule', color: '#111827', strokeWidth: 1.5, strokeDash: [4, 2], clip: true},
        encoding: {x, tooltip: momentTooltip},
      },
      {
        data: {values: moments},
        mark: {type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#111827', clip: true},
        encoding: {x, y: {field: 'lane', type: 'quantitative', scale: null}, text: {field: 'id'}, tooltip: momentTooltip},
      },
    )
  }
  return {
    $schema: SCHEMA,
    title: {text: 'Memory over time', subtitle: subtitleOf(analysis, index, 'drag to pan, wheel to zoom; click a legend entry to single it out')},
    width: options.width ?? DEFAULT_WIDTH,
    height: 320,
    data: {values: points},
    layer: layers,
    config: CONFIG,
  }
}

// ---------------------------------------------------------------------------------------------
// RSS attribution over time

export interface AttributionPoint {
  t: number
  /** The part's short name (PART_SHORT); its stack order is looked up. */
  part: string
  mib: number
}

/** Each sample's attribution parts in long form, rows downsampled together (the stack must align). */
export function attributionSeries(rows: TimelineRows, maxPoints: number): AttributionPoint[] {
  const x = columnOf(rows.length, (i) => rows.samples.seconds(i))
  const partValues = PART_ORDER.map(() => new Float64Array(rows.length))
  const rss = new Float64Array(rows.length)
  for (const row of rows) {
    const {parts, rssMiB} = row.attribution
    for (const part of parts) (partValues[PART_INDEX[part.id]] as Float64Array)[row.index] = part.mib
    rss[row.index] = rssMiB
  }
  const present = PART_ORDER.map((_, k) => k).filter((k) => (partValues[k] as Float64Array).some((v) => v > 0))
  // Bucketed on RSS and every part, with the budget shared by them all.
  const indices = pickPeakIndices(x, [rss, ...present.map((k) => partValues[k] as Float64Array)], maxPoints)
  const out: AttributionPoint[] = []
  for (const i of indices) for (const k of present) out.push({t: x[i] as number, part: PART_SHORT[PART_ORDER[k] as AttributionPartId].label, mib: round((partValues[k] as Float64Array)[i] as number)})
  return out
}

const PART_INDEX = Object.fromEntries(PART_ORDER.map((id, k) => [id, k])) as Record<AttributionPartId, number>

export function attributionChart(analysis: Analysis, options: ChartOptions = {}): VegaLiteSpec | null {
  const diagnosis = analysis.diagnosis
  const rows = diagnosis?.timeline?.rows ?? null
  if (diagnosis === null || rows === null || rows.length === 0) return null
  const points = attributionSeries(rows, options.maxPoints ?? DEFAULT_MAX_POINTS)
  const present = PART_ORDER.filter((id) => points.some((p) => p.part === PART_SHORT[id].label))
  const x = xEncoding(true)
  // The stack order travels once per part, not once per row.
  const parts = present.map((id) => ({part: PART_SHORT[id].label, order: PART_ORDER.indexOf(id)}))
  return {
    $schema: SCHEMA,
    title: {text: 'What RSS is made of, over time', subtitle: subtitleOf(analysis, diagnosis.segmentIndex, 'each sample of RSS split into the parts the runtime’s numbers explain; the top of the stack is RSS')},
    width: options.width ?? DEFAULT_WIDTH,
    height: 260,
    data: {values: points},
    transform: [{lookup: 'part', from: {data: {values: parts}, key: 'part', fields: ['order']}}],
    layer: [
      {
        mark: {type: 'area', interpolate: 'step-after', clip: true},
        params: [
          {name: 'zoom', select: {type: 'interval', encodings: ['x']}, bind: 'scales'},
          {name: 'pick', select: {type: 'point', fields: ['part']}, bind: 'legend'},
        ],
        encoding: {
          x,
          y: {field: 'mib', type: 'quantitative', stack: 'zero', title: 'MiB'},
          color: {
            field: 'part',
            type: 'nominal',
            title: null,
            sort: present.map((id) => PART_SHORT[id].label),
            scale: {domain: present.map((id) => PART_SHORT[id].label), range: present.map((id) => PART_SHORT[id].color)},
            legend: {orient: 'bottom', columns: 4, labelLimit: 260},
          },
          order: {field: 'order', type: 'quantitative'},
          opacity: {condition: {param: 'pick', value: 0.85}, value: 0.15},
        },
      },
      // One tooltip per sample with every part, on a rule at the nearest sample: a tooltip on the
      // areas themselves would show one part, and cost an evaluation per drawn vertex.
      ...(options.interactive === false
        ? []
        : [
            {
              transform: [{pivot: 'part', value: 'mib', groupby: ['t']}],
              mark: {type: 'rule', color: '#111827', strokeWidth: 1},
              params: [{name: 'hover', select: {type: 'point', fields: ['t'], nearest: true, on: 'pointerover', clear: 'pointerout'}}],
              encoding: {
                x,
                opacity: {condition: {param: 'hover', empty: false, value: 0.6}, value: 0},
                tooltip: [{field: 't', type: 'quantitative', title: 'time (s)', format: ',.3f'}, ...present.map((id) => ({field: PART_SHORT[id].label, type: 'quantitative', title: `${PART_SHORT[id].label} (MiB)`, format: ',.1f'}))],
              },
            },
          ]),
    ],
    config: CONFIG,
  }
}

// ---------------------------------------------------------------------------------------------
// Pauses, GC CPU, time between cycles

export interface CyclePoint {
  t: number
  seq: number
  value: number
}

/** Per-cycle values of one measure, downsampled with the peaks kept. */
function cycleSeries(seqs: Float64Array, rows: Int32Array, x: Float64Array, valueOf: (row: number, k: number) => number, maxPoints: number): CyclePoint[] {
  const values = cycleColumn(rows, valueOf)
  return pickPeakIndices(x, [values], maxPoints).flatMap((i) => {
    const v = values[i] as number
    return Number.isNaN(v) ? [] : [{t: x[i] as number, seq: seqs[i] as number, value: v}]
  })
}

export function pausesChart(analysis: Analysis, options: ChartOptions = {}): VegaLiteSpec {
  const index = chartSegmentIndex(analysis)
  const segment = analysis.trace.segments[index] as Segment
  const summary = analysis.summaries[index] as SegmentSummary
  const timed = isTimed(segment)
  const {cycles} = segment
  const rows = plottedRows(segment, timed)
  const cycleX = cycleColumn(rows, (i) => (timed ? cycles.seconds(i) : cycles.seq(i)))
  const seqs = cycleColumn(rows, (i) => cycles.seq(i))
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS
  const width = options.width ?? DEFAULT_WIDTH
  const x = xEncoding(timed)
  const pauses = cycleSeries(seqs, rows, cycleX, (i) => cycles.stwMs(i), maxPoints)
  const cpu = cycleSeries(seqs, rows, cycleX, (i) => cycles.gcCpuPercent(i), maxPoints)
  // @Ns has millisecond resolution: two cycles in the same millisecond are drawn 1 ms apart (log scale).
  const between = timed ? cycleSeries(seqs, rows, cycleX, (i, k) => (k === 0 ? Number.NaN : Math.max(0.001, cycles.seconds(i) - cycles.seconds(rows[k - 1] as number))), maxPoints) : []
  const p = summary.stwPauseMs
  // Labels between the two lines (p99 under its line, p50 over it), where neither leaves the plot.
  const rules = p === null ? [] : [{name: `p50 ${formatNumber(p.p50)} ms`, ms: p.p50, dy: -3}, {name: `p99 ${formatNumber(p.p99)} ms`, ms: p.p99, dy: 11}]
  const zoom = (name: string) => ({name, select: {type: 'interval', encodings: ['x']}, bind: 'scales'})
  const tooltip = (title: string, format: string) => [
    {field: 'seq', title: 'gc'},
    {field: 't', title: timed ? 'time (s)' : 'cycle', format: ',.3f'},
    {field: 'value', title, format},
  ]
  const views: VegaLiteSpec[] = [
    {
      width,
      height: 150,
      title: {text: 'Stop-the-world pause per cycle', anchor: 'start', fontSize: 12},
      layer: [
        {
          data: {values: pauses},
          mark: {type: 'point', filled: true, size: 14, color: '#1f77b4', clip: true},
          params: [zoom('zoomPauses')],
          encoding: {x, y: {field: 'value', type: 'quantitative', title: 'STW ms'}, tooltip: tooltip('STW ms', ',.3f')},
        },
        {
          data: {values: rules},
          mark: {type: 'rule', color: '#d62728', strokeDash: [4, 3]},
          encoding: {y: {field: 'ms', type: 'quantitative'}},
        },
        ...rules.map((rule) => ({
          data: {values: [rule]},
          mark: {type: 'text', align: 'left', baseline: 'alphabetic', dy: rule.dy, color: '#d62728', fontSize: 10},
          encoding: {y: {field: 'ms', type: 'quantitative'}, x: {value: 4}, text: {field: 'name'}},
        })),
      ],
    },
  ]
  if (cpu.length > 0) {
    views.push({
      width,
      height: 110,
      title: {text: 'GC CPU % since start (cumulative, as each cycle printed it)', anchor: 'start', fontSize: 12},
      data: {values: cpu},
      mark: {type: 'line', color: '#ff7f0e', point: false, interpolate: 'step-after', clip: true},
      params: [zoom('zoomCpu')],
      encoding: {x, y: {field: 'value', type: 'quantitative', title: 'GC CPU %'}, tooltip: tooltip('GC CPU %', ',.0f')},
    })
  }
  if (between.length > 0) {
    views.push({
      width,
      height: 130,
      title: {text: 'Time since the previous cycle', anchor: 'start', fontSize: 12},
      data: {values: between},
      mark: {type: 'point', filled: true, size: 14, color: '#2ca02c', clip: true},
      params: [zoom('zoomBetween')],
      encoding: {x, y: {field: 'value', type: 'quantitative', title: 'seconds', scale: {type: 'log'}}, tooltip: tooltip('seconds since previous', ',.3f')},
    })
  }
  return {
    $schema: SCHEMA,
    title: {text: 'Pauses and GC cost', subtitle: subtitleOf(analysis, index, 'p50 and p99 over every cycle; drag to pan, wheel to zoom')},
    vconcat: views,
    resolve: {scale: {x: 'shared'}},
    config: CONFIG,
  }
}

// ---------------------------------------------------------------------------------------------

const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  view: {stroke: '#e5e7eb'},
  axis: {gridColor: '#f1f5f9', labelColor: '#374151', titleColor: '#374151'},
  title: {anchor: 'start', subtitleColor: '#6b7280'},
}

function xEncoding(timed: boolean): VegaLiteSpec {
  return timed
    ? {field: 't', type: 'quantitative', title: 'seconds since process start (@Ns)', scale: {zero: false, nice: false}}
    : {field: 't', type: 'quantitative', title: 'cycle number (this Go era prints no times)', scale: {zero: false, nice: false}}
}

function subtitleOf(analysis: Analysis, index: number, note: string): string {
  const segments = analysis.trace.segments.length
  const which = segments > 1 ? `segment ${index + 1} of ${segments} (the last run with cycles) · ` : ''
  return `${which}${note}`
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(3)
}
