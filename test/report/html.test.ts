import test from 'ava'
import {createHash} from 'node:crypto'

import {loadAnalysis} from '../../src/cli/load-analysis.js'
import {readVegaBundles} from '../../src/report/bundles.js'
import {escapeHtml, html, jsonForScript, scriptForHtml} from '../../src/report/html-safe.js'
import {renderReportHtml, type ReportMeta} from '../../src/report/html.js'
import {longestPauses} from '../../src/report/report-tables.js'
import {analyzeRecording} from '../helpers/analyze.js'
import {fixture, recording} from '../helpers/paths.js'
import {INJECTED, injectedRecording} from './injected-recording.js'

const bundles = readVegaBundles()
/** The page's markup, without the inlined libraries (vega-tooltip's code holds `<img src=` in a template). */
const markupOf = (page: string) => page.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>')
const meta = (input: string, samples: ReportMeta['samples'] = null): ReportMeta => ({input, gctraceVersion: '0.0.0-test', commandLine: `gctrace report ${input} -o out.html`, generatedAt: new Date('2026-01-02T03:04:05Z'), samples})

test('html`…` escapes every interpolated value, arrays included, and keeps its own markup', (t) => {
  const evil = '<script>alert("x")</script> & \'q\''
  t.is(html`<p title="${evil}">${evil}</p>`.text, `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`)
  t.is(html`<ul>${['<a>', html`<li>${'<b>'}</li>`]}</ul>`.text, '<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>')
  t.is(html`${null}${undefined}${false}${0}`.text, '0')
})

test('JSON in a script block cannot close it, and inlined JavaScript cannot either', (t) => {
  const json = jsonForScript({s: '</script><!-- \u2028'})
  t.false(json.includes('<'))
  t.deepEqual(JSON.parse(json), {s: '</script><!-- \u2028'})
  t.false(/<\/script|<!--/i.test(scriptForHtml('var a = "</script>"; var b = "<!--"')))
})

test('input text is escaped wherever the report quotes it: unrecognized lines, prefixes, the input name', async (t) => {
  const dir = injectedRecording()
  const {analysis, series} = await loadAnalysis({path: dir})
  t.is(analysis.trace.lines.unrecognized, 1, 'the scvg line is unrecognized')
  const page = renderReportHtml(analysis, meta(`${dir}/${INJECTED}`, series), bundles)
  t.false(markupOf(page).includes('<img'), 'no img element anywhere')
  t.false(/<script type="application\/json" id="gctrace-data">[^<]*<img/.test(page), 'none in the data either')
  const escaped = escapeHtml(INJECTED)
  t.true(page.includes(`scvg: ${escaped}`), 'the unrecognized line, as text')
  t.true(page.includes(`<td class="mono">${escaped}</td>`), 'the prefix, as text')
  t.true(page.split(escaped).length - 1 >= 4, 'and the input name')
})

test('one self-contained file: a CSP that admits only its own scripts by hash, nothing loaded from anywhere', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb')
  const page = renderReportHtml(analysis, meta('seed'), bundles)
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? ''
  t.regex(csp, /default-src 'none'/)
  t.regex(csp, /img-src data:/)
  t.notRegex(csp, /unsafe-eval|https?:/)
  t.notRegex(csp, /script-src[^;]*unsafe-inline/)
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string)
  t.is(scripts.length, 4, 'vega, vega-lite, vega-embed, the page script')
  for (const source of scripts) t.true(csp.includes(`'sha256-${createHash('sha256').update(source).digest('base64')}'`), 'each script is allowed by its hash')
  t.notRegex(markupOf(page), /<(script|img|link|iframe|embed|object|source)\b[^>]*\s(src|href)=/i, 'no element loads a resource')
  t.regex(page, /<script type="application\/json" id="gctrace-data">/)
})

test('the answer comes first, then charts, pauses, segments, input, how the file was made', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb')
  const page = renderReportHtml(analysis, meta('seed', null), bundles)
  const order = ['Why is RSS high?', 'At the RSS peak', 'Memory already returned to the OS still counts in RSS', 'id="charts"', 'id="pauses"', 'id="segments"', 'id="input"', 'id="made"']
  const at = order.map((s) => page.indexOf(s))
  t.false(at.includes(-1), JSON.stringify(at))
  t.deepEqual([...at].sort((a, b) => a - b), at)
  for (const advice of analysis.diagnosis?.findings[0]?.advice ?? []) t.true(page.includes(escapeHtml(advice)))
  t.true(page.includes('gctrace report seed -o out.html'), 'the command line')
  t.true(page.includes('0.0.0-test'), 'the version')
})

test('the pause table names the 10 longest pauses of all cycles, with their cycle numbers and times', async (t) => {
  const analysis = await analyzeRecording('go1.19-stderr-splices')
  const table = analysis.trace.segments[0]?.cycles
  if (table === undefined) return t.fail('no segment')
  const longest = longestPauses(table)
  t.is(longest.length, 10)
  const sorted = table.toArray().sort((a, b) => b.stwMs - a.stwMs || a.line - b.line)
  t.deepEqual(longest.map((p) => p.ms), sorted.slice(0, 10).map((c) => c.stwMs))
  const page = renderReportHtml(analysis, meta('splices'), bundles)
  for (const p of longest) t.true(page.includes(`<td>gc ${p.seq}</td><td class="num">@${(p.at as number).toFixed(3)}s</td>`), `gc ${p.seq}`)
})

test('a trace without samples says the attribution needs them, and still draws memory and pauses', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb', {withoutSamples: true})
  const page = renderReportHtml(analysis, meta(recording('go1.19-seed-madvfree-10x256mb')), bundles)
  t.true(page.includes('id="chart-attribution-missing"'))
  t.true(page.includes('id="chart-memory"'))
  t.true(page.includes('id="chart-pauses"'))
  t.true(page.includes('No memory samples were given'))
})

test('a collector’s log: the segments table gives the wall-clock span and process start, the longest pauses their wall-clock times', async (t) => {
  const path = fixture('collectors', 'go1.19-seed-madvfree-10x256mb', 'cri.log')
  const {analysis} = await loadAnalysis({path})
  const page = markupOf(renderReportHtml(analysis, meta(path), bundles))
  t.regex(page, /<th>wall clock<\/th><td>2026-11-25 18:02:19\.410 → 18:06:31\.063 UTC · process start 2026-11-25 18:02:19\.402 UTC/)
  t.true(page.includes('<th class="num">wall clock (UTC)</th>'))
  // The longest pause is gc 12 @251.661s, whose line the collector stamped 18:06:31.063.
  t.regex(page, /<td>gc 12<\/td><td class="num">@251\.661s<\/td><td class="num">2026-11-25 18:06:31\.063<\/td>/)
})

test('plain stderr: the report says the log had no times, and the pause table has no wall-clock column', async (t) => {
  const path = recording('go1.19-seed-madvfree-10x256mb')
  const {analysis} = await loadAnalysis({path})
  const page = markupOf(renderReportHtml(analysis, meta(path), bundles))
  t.regex(page, /<th>wall clock<\/th><td>not in the log/)
  t.false(page.includes('wall clock (UTC)'))
})
