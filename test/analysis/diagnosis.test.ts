// The diagnosis of each real recording: the finding a Go engineer expects first, with the
// numbers it must cite, checked against what the recorded program is known to do.
import test from 'ava'
import {readFileSync, readdirSync} from 'node:fs'

import type {Finding} from '../../src/analysis/rules/types.js'
import {analyzeRecording} from '../helpers/analyze.js'
import {fixture, recording} from '../helpers/paths.js'

const evidence = (finding: Finding | undefined, label: string) => finding?.evidence.find((e) => e.label.startsWith(label))

test('seed-madvfree: madv-free first, citing ~511 MiB LazyFree of ~531 MiB RSS and a live heap of ~0', async (t) => {
  const {diagnosis} = await analyzeRecording('go1.19-seed-madvfree-10x256mb')
  const [first] = diagnosis?.findings ?? []
  t.is(first?.id, 'madv-free')
  t.is(first?.severity, 'warn')
  const lazyFree = evidence(first, 'LazyFree')?.value ?? 0
  const rss = evidence(first, 'RSS')?.value ?? 0
  t.true(lazyFree > 500 && lazyFree < 520, `LazyFree ${lazyFree}`)
  t.true(rss > 525 && rss < 535, `RSS ${rss}`)
  t.is(evidence(first, 'live heap')?.value, 0)
  t.regex(first?.because ?? '', /51\d MiB of the process's 53\d MiB RSS/)
})

test('seed-madvdontneed: no madv-free; the return at ~133 s is the periodic GC and the scavenger', async (t) => {
  const {diagnosis} = await analyzeRecording('go1.19-seed-madvdontneed-10x256mb')
  const ids = diagnosis?.findings.map((f) => f.id) ?? []
  t.false(ids.includes('madv-free'))
  const idle = diagnosis?.findings.find((f) => f.id === 'idle-periodic-gc')
  const lowest = evidence(idle, 'lowest RSS after it')
  t.true((lowest?.at ?? 0) > 130 && (lowest?.at ?? 0) < 140, `RSS fell at ${lowest?.at}`)
  t.true((lowest?.value ?? 999) < 25, `to ${lowest?.value} MiB`)
  t.regex(idle?.because ?? '', /RSS fell from 53\d MiB to \d+\.\d MiB by @13\d\.\ds/)
  const returned = diagnosis?.findings.find((f) => f.id === 'peak-not-returned')
  t.true((evidence(returned, 'returned after')?.at ?? 0) > 130)
})

test('mmap-outside-heap: non-go-memory first, ≈ the 256 MiB the program maps', async (t) => {
  const mapped = Number(/(\d+) MiB/.exec(readFileSync(recording('go1.19-mmap-outside-heap', 'stdout.log'), 'utf8'))?.[1])
  t.is(mapped, 256)
  const {diagnosis} = await analyzeRecording('go1.19-mmap-outside-heap')
  const [first] = diagnosis?.findings ?? []
  t.is(first?.id, 'non-go-memory')
  // The runtime's own metadata is a few MiB on top of the mapping.
  t.true(Math.abs((first?.explainsMiB ?? 0) - mapped) < 10, `explains ${first?.explainsMiB} MiB`)
})

test('idle without a wake-up: RSS still holds the peak at the end, and the findings say so (warn)', async (t) => {
  const {diagnosis} = await analyzeRecording('go1.19-big-alloc-then-idle-madvdontneed-idle-no-wakeup')
  const [first] = diagnosis?.findings ?? []
  t.true(first?.id === 'idle-periodic-gc' || first?.id === 'peak-not-returned', first?.id)
  t.is(first?.severity, 'warn')
  t.true((first?.explainsMiB ?? 0) > 450)
  t.false(diagnosis?.findings.some((f) => f.id === 'madv-free'))
})

test('healthy-steady: no warn or critical finding', async (t) => {
  const {diagnosis} = await analyzeRecording('go1.19-healthy-steady')
  t.deepEqual(diagnosis?.findings.filter((f) => f.severity !== 'info').map((f) => f.id), [])
})

const names = readdirSync(fixture('recordings')).filter((name) => !name.startsWith('.'))

for (const name of names) {
  test(`${name}: the attribution's parts add up to RSS at every sample, and none is negative`, async (t) => {
    const {diagnosis} = await analyzeRecording(name)
    const rows = diagnosis?.timeline?.rows ?? []
    t.true(rows.length > 0)
    for (const {attribution} of rows) {
      const sum = attribution.parts.reduce((total, part) => total + part.mib, 0)
      if (Math.abs(sum - attribution.rssMiB) > 1e-6) return t.fail(`parts ${sum} ≠ RSS ${attribution.rssMiB} @${attribution.at}`)
      if (attribution.parts.some((part) => part.mib < 0)) return t.fail(`negative part @${attribution.at}`)
    }
    t.pass()
  })

  test(`${name}: findings are ranked by the MiB they explain and every finding cites its numbers`, async (t) => {
    const {diagnosis} = await analyzeRecording(name)
    const findings = diagnosis?.findings ?? []
    for (let i = 1; i < findings.length; i++) t.true((findings[i - 1] as Finding).explainsMiB >= (findings[i] as Finding).explainsMiB)
    for (const finding of findings) {
      t.regex(finding.because, /\d/, `${finding.id} cites numbers`)
      t.true(finding.title.length > 0)
    }
  })
}

const firstFinding = test.macro(async (t, name: string, id: string, severities: string[]) => {
  const {diagnosis} = await analyzeRecording(name)
  const [first] = diagnosis?.findings ?? []
  t.is(first?.id as string | undefined, id)
  t.true(severities.includes(first?.severity ?? 'none'), `${first?.severity}`)
})

test('leak: live-heap-growth first', firstFinding, 'go1.19-leak', 'live-heap-growth', ['warn', 'critical'])
test('goroutine-pileup: stack-growth first', firstFinding, 'go1.19-goroutine-pileup', 'stack-growth', ['warn', 'critical'])
test('GOGC=off with GOMEMLIMIT=64MiB: memory-limit-pressure first', firstFinding, 'go1.19-memlimit-gogc-off', 'memory-limit-pressure', ['warn', 'critical'])
