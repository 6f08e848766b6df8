// thp on real recordings (Go 1.19.8, THP "always [madvise] never").
import test from 'ava'
import {readFileSync} from 'node:fs'

import {type Analysis, analyzeTrace} from '../../../src/analysis/index.js'
import {thpMode} from '../../../src/analysis/rules/thp.js'
import type {Finding} from '../../../src/analysis/rules/types.js'
import {readSamples} from '../../../src/memory/read-samples.js'
import {SampleColumns} from '../../../src/memory/sample-columns.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {recording} from '../../helpers/paths.js'
import {parseText} from '../../helpers/parse.js'

const cache = new Map<string, Promise<Analysis>>()
const analyzed = (name: string) => cache.get(name) ?? (cache.set(name, analyzeRecording(name)), cache.get(name) as Promise<Analysis>)
const findingOf = (analysis: Analysis) => analysis.diagnosis?.findings.find((f) => f.id === 'thp')
const evidence = (finding: Finding, label: string) => finding.evidence.find((e) => e.label === label)?.value

/** The rss.csv rows as numbers: t_s, vmrss_kb, anon_huge_kb. */
function rssRows(name: string): {at: number; rssKiB: number; hugeKiB: number}[] {
  const [header, ...rows] = readFileSync(recording(name, 'rss.csv'), 'utf8').trim().split('\n')
  const columns = (header ?? '').split(',')
  const col = (name: string) => columns.indexOf(name)
  return rows.map((row) => row.split(',').map(Number)).map((v) => ({at: v[col('t_s')] as number, rssKiB: v[col('vmrss_kb')] as number, hugeKiB: v[col('anon_huge_kb')] as number}))
}

const HEAP_IN_HUGE_PAGES = ['go1.19-seed-madvfree-10x256mb', 'go1.19-seed-madvdontneed-10x256mb', 'go1.19-big-alloc-then-idle-madvfree', 'go1.19-big-alloc-then-idle-madvdontneed', 'go1.19-big-alloc-then-idle-madvdontneed-idle-no-wakeup']

for (const name of HEAP_IN_HUGE_PAGES) {
  test(`${name}: the heap mapped in huge pages — info, explains 0 MiB, never above madv-free or peak-not-returned`, async (t) => {
    const analysis = await analyzed(name)
    const findings = analysis.diagnosis?.findings ?? []
    const finding = findingOf(analysis)
    if (finding === undefined) return t.fail('no thp finding')
    t.is(finding.severity, 'info')
    t.is(finding.explainsMiB, 0)
    const rank = findings.indexOf(finding)
    for (const id of ['madv-free', 'peak-not-returned']) {
      const other = findings.findIndex((f) => f.id === id)
      if (other >= 0) t.true(other < rank, `${id} ranks above thp`)
    }
    // Independently from rss.csv: the largest AnonHugePages and its share of RSS then.
    const rows = rssRows(name)
    const most = rows.reduce((a, b) => (b.hugeKiB > a.hugeKiB ? b : a))
    t.is(evidence(finding, 'AnonHugePages (largest)'), Math.round((most.hugeKiB / 1024) * 10) / 10)
    t.is(evidence(finding, 'share of RSS then'), Math.round((1000 * most.hugeKiB) / most.rssKiB) / 10)
    t.true(finding.because.includes(`${(most.hugeKiB / 1024).toFixed(0)} MiB of the ${(most.rssKiB / 1024).toFixed(0)} MiB RSS`), finding.because)
    t.regex(finding.because, /the heap’s own pages/)
    t.true((evidence(finding, 'RSS not explained by the runtime, at the end (bounds the huge-page excess)') ?? Number.POSITIVE_INFINITY) < 64)
  })
}

test('go1.19-big-alloc-then-idle-madvdontneed: names the recorded THP mode, and huge pages gone at the end', async (t) => {
  const finding = findingOf(await analyzed('go1.19-big-alloc-then-idle-madvdontneed'))
  if (finding === undefined) return t.fail('no thp finding')
  t.regex(finding.because, /THP was “madvise” \(recorded\)/)
  t.is(evidence(finding, 'AnonHugePages at the end'), (rssRows('go1.19-big-alloc-then-idle-madvdontneed').at(-1)?.hugeKiB ?? -1) / 1024)
})

for (const name of ['go1.19-healthy-steady', 'go1.19-leak', 'go1.19-mmap-outside-heap', 'go1.19-goroutine-pileup']) {
  test(`${name}: no huge pages, no thp`, async (t) => {
    t.is(findingOf(await analyzed(name)), undefined)
  })
}

test('go1.19-healthy-steady: no warn or critical finding from this rule', async (t) => {
  const findings = (await analyzed('go1.19-healthy-steady')).diagnosis?.findings ?? []
  t.false(findings.some((f) => f.id === 'thp' && f.severity !== 'info'))
})

test('without memory samples: not judged', async (t) => {
  const analysis = await analyzeRecording('go1.19-seed-madvfree-10x256mb', {withoutSamples: true})
  t.is(findingOf(analysis), undefined)
  t.regex(analysis.diagnosis?.notJudged.find((n) => n.id === 'thp')?.reason ?? '', /needs memory samples/)
})

test('huge pages over memory nothing else explains: warn, explaining at most that memory', async (t) => {
  // go1.19-mmap-outside-heap maps 256 MiB outside the heap; pretend THP backed that mapping.
  const {samples} = await readSamples(recording('go1.19-mmap-outside-heap', 'rss.csv'))
  const huge = SampleColumns.from([...samples].map((s) => ({...s, anonHugeKiB: s.rssKiB > 200 * 1024 ? 256 * 1024 : 0})))
  const {trace} = await parseText(readFileSync(recording('go1.19-mmap-outside-heap'), 'utf8'))
  const analysis = analyzeTrace(trace, {samples: huge, environment: {thp: '[always] madvise never'}})
  const finding = findingOf(analysis)
  if (finding === undefined) return t.fail('no thp finding')
  t.is(finding.severity, 'warn')
  const outside = analysis.diagnosis?.attribution?.atEnd.parts.find((p) => p.id === 'outside-go')?.mib ?? 0
  t.true(outside > 200)
  t.is(finding.explainsMiB, Math.round(Math.min(256, outside) * 10) / 10)
  t.regex(finding.because, /THP was “always” \(recorded\)/)
  t.regex(finding.because, /non-go-memory/)
})

test('thpMode reads the bracketed choice', (t) => {
  t.is(thpMode('always [madvise] never'), 'madvise')
  t.is(thpMode('[always] madvise never'), 'always')
  t.is(thpMode(null), null)
})
