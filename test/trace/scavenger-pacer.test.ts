// Scavenger and pacer lines, each a real line whose source is named (see fixtures/README.md).
import test from 'ava'
import {readdirSync, readFileSync} from 'node:fs'

import {pacerLine, pacerLineFromBytes} from '../../src/trace/pacer-line.js'
import {scavengerLine, type ScavengerLineFields} from '../../src/trace/scavenger-line.js'
import {fixture, recording} from '../helpers/paths.js'

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

// The byte path reads the two forms the pacer prints every cycle with pacerLineFromBytes; a line
// it reads must be what pacerLine makes of its text: the same values (the same doubles, -0
// included), in the same order.
const realPacerLines = [
  ...readdirSync(fixture('recordings'))
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(recording(name), 'utf8').split('\n')),
  ...(JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as {line: string}[]).map((entry) => entry.line),
].filter((line) => line.startsWith('pacer: '))

/** Whether the byte reader leaves `text` to the grammar, or reads it to the grammar's value; fails the test otherwise. */
function readAsText(t: import('ava').ExecutionContext, text: string, end = Buffer.byteLength(text)): 'bytes' | 'text' {
  const fromBytes = pacerLineFromBytes(Buffer.from(text + '\r\n'), 0, end)
  if (fromBytes === undefined) return 'text'
  const parsed = pacerLine.parse(Buffer.from(text).subarray(0, end).toString('utf8'))
  if (!parsed.status) {
    t.fail(`read on bytes, not by the grammar: ${JSON.stringify(text)}`)
    return 'bytes'
  }
  t.deepEqual(Object.keys(fromBytes.values), Object.keys(parsed.value.values), text)
  for (const [name, value] of Object.entries(parsed.value.values)) t.true(Object.is(fromBytes.values[name], value), `${name} of ${text}`)
  t.deepEqual({...fromBytes, values: null}, {...parsed.value, values: null})
  return 'bytes'
}

test('pacerLineFromBytes reads every real line of the cpu and assist-ratio forms as the grammar reads its text', (t) => {
  const forms = realPacerLines.filter((line) => /^pacer: (\d+% CPU|assist ratio=)/.test(line))
  t.true(forms.length > 20)
  for (const line of forms) t.is(readAsText(t, line), 'bytes', line)
  for (const line of realPacerLines.filter((line) => !forms.includes(line))) t.is(readAsText(t, line), 'text', line)
})

test('pacerLineFromBytes leaves to the grammar what it cannot read exactly, and reads nothing the grammar would not', (t) => {
  const cpu = 'pacer: 25% CPU (25 exp.) for 442864+19112+466850 B work (466850 B exp.) in 4030464 B -> 4308992 B (∆goal 114688, cons/mark +0.000000e+000)'
  const assist = 'pacer: assist ratio=+1.186906e+000 (scan 0 MB in 3->4 MB) workers=0++2.500000e-001'
  const consMark = (text: string) => cpu.replace('+0.000000e+000', text)
  // Each with the way it must go, so that a reader that read nothing would fail this too.
  const edited: [string, 'bytes' | 'text'][] = [
    [cpu.replace('∆', 'Δ'), 'bytes'],
    [cpu + ' [controller reset]', 'bytes'],
    [cpu + '[controller reset]', 'bytes'],
    [cpu + '  [controller reset]', 'text'],
    [cpu + ' [controller reset] ', 'text'],
    [cpu + ' ', 'text'],
    [cpu.replace('114688', '-114688'), 'bytes'],
    [cpu.replace('114688', '-0'), 'bytes'],
    [cpu.replace('114688', '- 1'), 'text'],
    [consMark('-0.000000e+000'), 'bytes'],
    [consMark('+Inf'), 'text'],
    [consMark('NaN'), 'text'],
    [consMark('1.5'), 'bytes'],
    [consMark('1.'), 'text'],
    [consMark('.5'), 'text'],
    [consMark('7'), 'bytes'],
    [consMark('+9.999999e+022'), 'bytes'],
    [consMark('+9.999999e+023'), 'bytes'],
    [consMark('+1.234567e+030'), 'text'],
    [consMark('+1.234567e-029'), 'text'],
    [consMark('+1.234567e-015'), 'bytes'],
    [consMark('+1.2345678901234567e+000'), 'text'],
    [consMark('+1.e+000'), 'text'],
    [consMark('+1.0e'), 'text'],
    [cpu.replace('442864', '9007199254740993'), 'text'],
    [cpu.replace('442864', '999999999999999'), 'bytes'],
    [cpu.replace('442864', ''), 'text'],
    [cpu.replace('25%', '٣%'), 'text'],
    [assist.replace('+1.186906e+000', '-3.3e-001'), 'bytes'],
    [assist.replace('+1.186906e+000', '1'), 'bytes'],
    [assist.replace('++2.500000e-001', '+Inf'), 'text'],
    [assist.replace('++2.500000e-001', '+0.5'), 'bytes'],
    [assist.replace('workers=0', 'workers=-1'), 'text'],
    [assist + ' ', 'text'],
    ['pacer:  25% CPU', 'text'],
    ['pacer: ', 'text'],
    ['', 'text'],
  ]
  for (const [text, way] of edited) t.is(readAsText(t, text), way, text)
  // Every cut of a real line, as its text would be (a cut in a character is never read on bytes).
  for (const line of [cpu, assist]) for (let end = 0; end <= Buffer.byteLength(line); end++) readAsText(t, line, end)
})
