// Scavenger and pacer lines, each a real line whose source is named (see fixtures/README.md).
import test from 'ava'

import {pacerLine} from '../../src/trace/pacer-line.js'
import {scavengerLine, type ScavengerLineFields} from '../../src/trace/scavenger-line.js'

const scavenger = test.macro((t, line: string, expected: Partial<ScavengerLineFields>) => {
  const result = scavengerLine.parse(line)
  if (!result.status) return t.fail(`did not parse at ${result.index.offset}: expected ${result.expected.join(', ')}`)
  for (const [field, value] of Object.entries(expected)) t.deepEqual(result.value[field as keyof ScavengerLineFields], value, `field ${field}`)
})

// Go 1.19.8: ../shared/traces/seed-madvfree/trace.log lines 19 and 26.
test('scav (Go 1.19 recording)', scavenger, 'scav 262352 KiB work, 265712 KiB total, 0% util', {
  shape: 'scav',
  releasedKiB: 262352,
  totalReleasedKiB: 265712,
  utilPercent: 0,
  forced: false,
  generation: null,
})
// Third-party blog quoted in ../shared/reference/gctrace-formats.md §2 (Go 1.21+, FreeOSMemory).
test('scav (bg)/(eager) forced', scavenger, 'scav 0 KiB work (bg), 186960 KiB work (eager), 208712 KiB now, 9% util (forced)', {
  shape: 'scav-1.21',
  releasedKiB: 186960,
  eagerKiB: 186960,
  totalReleasedKiB: 208712,
  utilPercent: 9,
  forced: true,
})
// Blog post quoted in gctrace-formats.md §2 (Go ≤1.12, with 1.9-era gc lines).
test('scvgN released', scavenger, 'scvg1: 512 MB released', {shape: 'scvg', generation: 1, releasedKiB: 512 * 1024, forced: false})
test('scvgN summary', scavenger, 'scvg1: inuse: 0, idle: 959, sys: 959, released: 447, consumed: 512 (MB)', {
  shape: 'scvg',
  inuseMB: 0,
  idleMB: 959,
  sysMB: 959,
  totalReleasedKiB: 447 * 1024,
  consumedMB: 512,
})

test('scavenger drift fails', (t) => {
  t.false(scavengerLine.parse('scav 262352 KiB work, 265712 KiB total').status)
  t.false(scavengerLine.parse('scvg1: 512 MiB released').status)
})

// Blog post quoted in gctrace-formats.md §3 (Go 1.18+ pacer).
test('pacer: new pacer line, with ∆ and with Δ', (t) => {
  const line = 'pacer: 25% CPU (25 exp.) for 442864+19112+466850 B work (466850 B exp.) in 4030464 B -> 4308992 B (∆goal 114688, cons/mark +0.000000e+000)'
  for (const text of [line, line.replace('∆', 'Δ')]) {
    const result = pacerLine.parse(text)
    if (!result.status) return t.fail(`did not parse at ${result.index.offset}`)
    t.is(result.value.shape, 'cpu')
    t.like(result.value.values, {cpuPercent: 25, heapScanWork: 442864, stackScanWork: 19112, globalsScanWork: 466850, triggered: 4030464, heapLive: 4308992, goalDelta: 114688, consMark: 0})
  }
})
