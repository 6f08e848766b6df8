// Lines of GODEBUG=gcpacertrace=1: how the pacer planned and judged each cycle. Numbers keep the
// names the runtime prints (∆/Δ spelled "Delta"), so they can be read against the runtime source.
import P from 'parsimmon'

import {endOfLine, fields, firstOf, flag, FLOAT, num, token} from './tokens.js'
import type {PacerLine} from './types.js'

type PacerLineFields = Pick<PacerLine, 'shape' | 'values'>

// Go 1.18+: `25% CPU (25 exp.) for 442864+19112+466850 B work (466850 B exp.) in 4030464 B -> 4308992 B (∆goal 114688, cons/mark +0.000000e+000)`
// optionally followed by `[controller reset]`.
const cpuForm = token(
  new RegExp(
    String.raw`(\d+)% CPU \((\d+) exp\.\) for (\d+)\+(\d+)\+(\d+) B work \((\d+) B exp\.\) ` +
      String.raw`in (\d+) B -> (\d+) B \([∆Δ]goal (-?\d+), cons/mark (${FLOAT})\)( ?\[controller reset\])?`,
  ),
  'N% CPU (N exp.) for … B work',
  (m): PacerLineFields => ({
    shape: 'cpu',
    values: {
      cpuPercent: num(m, 1),
      expectedCpuPercent: num(m, 2),
      heapScanWork: num(m, 3),
      stackScanWork: num(m, 4),
      globalsScanWork: num(m, 5),
      expectedScanWork: num(m, 6),
      triggered: num(m, 7),
      heapLive: num(m, 8),
      goalDelta: num(m, 9),
      consMark: num(m, 10),
      controllerReset: m[11] === undefined ? 0 : 1,
    },
  }),
)

// Go 1.5–1.17, at cycle start: `assist ratio=+1.3e+000 (scan 1 MB in 4->4 MB) workers=2++0.000000e+000`
const assistRatio = token(
  new RegExp(String.raw`assist ratio=(${FLOAT}) \(scan (\d+) MB in (\d+)->(\d+) MB\) workers=(\d+)\+(${FLOAT})`),
  'assist ratio=…',
  (m): PacerLineFields => ({
    shape: 'assist-ratio',
    values: {assistRatio: num(m, 1), scanMB: num(m, 2), heapLiveMB: num(m, 3), goalMB: num(m, 4), dedicatedWorkers: num(m, 5), fractionalWorkers: num(m, 6)},
  }),
)

// Go 1.5–1.17, at mark end: `H_m_prev=5369696 h_t=+4.918251e-001 H_T=6463218 … goalΔ=… actualΔ=… u_a/u_g=…`
const markEndPair = token(new RegExp(String.raw`([A-Za-z_/∆Δ]+)=(${FLOAT})`), 'name=value', (m) => [(m[1] ?? '').replace(/[∆Δ]/g, 'Delta'), num(m, 2)] as const)
const markEnd = fields(
  [P.lookahead('H_m_prev='), ['first', markEndPair], ['rest', flag(' ', true).then(markEndPair).many()]],
  (s: {first: readonly [string, number]; rest: (readonly [string, number])[]}): PacerLineFields => ({shape: 'mark-end', values: Object.fromEntries([s.first, ...s.rest])}),
)

// `sweep done at heap size 29MB; allocated 0MB of spans; swept 3752 pages at +6.183550e-004 pages/byte`
// (ardanlabs/gotraining, Go 1.7–1.9 era); Go ≤1.6 source prints no rate, later sources say
// `allocated NMB during sweep`.
const sweepDone = token(
  new RegExp(String.raw`sweep done at heap size (\d+)MB; allocated (-?\d+)MB (?:during sweep|of spans); swept (\d+) pages(?: at (${FLOAT}) pages/byte)?`),
  'sweep done at heap size …',
  (m): PacerLineFields => ({
    shape: 'sweep-done',
    values: {heapSizeMB: num(m, 1), allocatedDuringSweepMB: num(m, 2), pagesSwept: num(m, 3), ...(m[4] === undefined ? {} : {pagesPerByte: num(m, 4)})},
  }),
)

/** A pacer line of any era. */
export const pacerLine: P.Parser<PacerLine> = fields(
  [flag('pacer: ', true), ['line', firstOf(cpuForm, assistRatio, markEnd, sweepDone)], endOfLine],
  ({line}: {line: PacerLineFields}): PacerLine => ({kind: 'pacer', shape: line.shape, values: line.values, afterSeq: null, spliced: false, line: 0, prefix: '', wallMs: null}),
)
