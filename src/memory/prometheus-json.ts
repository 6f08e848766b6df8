// A Prometheus HTTP API range query response, as `curl …/api/v1/query_range?query=…` saves it:
//   {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[1700000000.123,"123456"],…]}]}}
// Timestamps are epoch seconds (ms precision), values are strings, sizes are bytes. Several
// series of one metric (one per instance or pod) are common: the first is read and the rest are
// counted in a note. Series of different metrics are an error, because picking one would be a
// guess about which memory the user meant.
import {requireProcessStart} from './clock.js'
import {BYTES_PER, memoryKind, readHeader} from './columns.js'
import {readNumber} from './delimited.js'
import {dropReasons, FLAGS, sampleMessages, sampleNotes} from './messages.js'
import {SampleError} from './sample-error.js'
import {SeriesBuilder} from './series-builder.js'
import type {SampleOptions, SampleSeries} from './types.js'

type Json = Record<string, unknown>

/** Reads a query_range response (or just its `data` object). */
export function parsePrometheusJson(text: string, options: SampleOptions, name: string): SampleSeries {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw new SampleError(sampleMessages.notJson(name, (error as Error).message), {cause: error})
  }
  if (!isObject(body)) throw new SampleError(sampleMessages.unknownFormat(name))
  if (body.status === 'error') throw new SampleError(sampleMessages.promError(name, body.errorType, body.error))
  const data = isObject(body.data) ? body.data : body
  if (!('resultType' in data) || !Array.isArray(data.result)) throw new SampleError(sampleMessages.unknownFormat(name))
  if (data.resultType !== 'matrix') throw new SampleError(sampleMessages.promNotMatrix(name, data.resultType))

  const series = data.result.filter(isObject)
  const first = series[0]
  if (first === undefined) throw new SampleError(sampleMessages.promNoSeries(name))
  const metrics = [...new Set(series.map(metricName))]
  if (metrics.length > 1) throw new SampleError(sampleMessages.promMixedMetrics(name, metrics.map((m) => m || '(no name)')))
  const metric = metrics[0] as string
  if (metric !== '' && memoryKind(readHeader(metric)) === null) throw new SampleError(sampleMessages.promNotMemory(name, metric))
  const label = seriesLabel(first)

  const values = (Array.isArray(first.values) ? first.values : []) as unknown[]
  const times = values.map((pair) => (Array.isArray(pair) ? Math.round(readNumber(numberText(pair[0])) * 1000) : Number.NaN))
  const firstEpochMs = times.find((t) => Number.isFinite(t)) ?? Number.NaN
  const whenEmpty = () => sampleMessages.noRows(name, 'values', label)
  if (Number.isNaN(firstEpochMs)) throw new SampleError(whenEmpty())
  const start = requireProcessStart(options, name, firstEpochMs)

  const out = new SeriesBuilder(name, false)
  out.notes.push(...start.notes)
  if (series.length > 1) out.notes.push(sampleNotes.promSeriesIgnored(series.length - 1, label))
  // Prometheus sizes are bytes; a query that divided them (`… / 1024`) needs the unit said.
  const unit = options.unit ?? 'B'
  if (options.unit !== undefined) out.notes.push(sampleNotes.memoryColumn(label, unit, `from ${FLAGS.rssUnit}`))
  else if (metric === '') out.notes.push(sampleNotes.promUnnamed())
  const toKiB = BYTES_PER[unit] / 1024
  let lastEpochMs = Number.NaN
  values.forEach((pair, i) => {
    const epochMs = times[i] as number
    if (!Number.isFinite(epochMs)) return out.drop(dropReasons.badTime)
    // "NaN" and "+Inf" are valid Prometheus values, and not memory.
    const value = readNumber(Array.isArray(pair) ? numberText(pair[1]) : undefined)
    const rssKiB = value * toKiB
    if (Number.isNaN(value) || value < 0 || !Number.isFinite(rssKiB)) return out.drop(dropReasons.notANumber)
    if (rssKiB === 0) return out.drop(dropReasons.processGone)
    lastEpochMs = epochMs
    out.add({at: (epochMs - start.epochMs) / 1000, rssKiB, epochMs}, i + 1)
  })
  const beforeStartOnly = out.samples.length === 0 && out.dropped(dropReasons.beforeStart) > 0
  return out.finish('prometheus-json', [label], start.epochMs, () => (beforeStartOnly ? sampleMessages.allBeforeStart(name, start.epochMs, lastEpochMs) : whenEmpty()))
}

/**
 * A time or a value as the API gives it: a string ("10584064"), or a number. Anything else JSON
 * can hold is no number: String() of it could read an array as its element, and throws on an
 * object whose `toString` is not a function (`{"toString":null}`, found by the property test).
 */
function numberText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function metricName(series: Json): string {
  const metric = series.metric
  return isObject(metric) && typeof metric.__name__ === 'string' ? metric.__name__ : ''
}

/** The series as PromQL would select it: `name{label="value",…}`. */
function seriesLabel(series: Json): string {
  const metric = isObject(series.metric) ? series.metric : {}
  const labels = Object.entries(metric)
    .filter(([key]) => key !== '__name__')
    // Label values are strings; any other JSON is quoted as JSON (String() can throw on an object).
    .map(([key, value]) => `${key}=${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))}`)
  return metricName(series) + (labels.length > 0 ? `{${labels.join(',')}}` : '') || '{}'
}
