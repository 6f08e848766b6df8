// Lines of the scavenger, the part of the runtime that returns heap memory to the OS.
// Before Go 1.14 they came with gctrace=1 (`scvg…`); from 1.14 only with scavtrace=1 (`scav …`).
import P from 'parsimmon'

import {literal, num, token} from './tokens.js'
import type {ScavengerReport} from './types.js'

export type ScavengerLineFields = Omit<ScavengerReport, 'kind' | 'line' | 'prefix' | 'afterSeq' | 'spliced'>

const NONE = {
  generation: null,
  releasedKiB: null,
  eagerKiB: null,
  totalReleasedKiB: null,
  utilPercent: null,
  inuseMB: null,
  idleMB: null,
  sysMB: null,
  consumedMB: null,
  forced: false,
  controllerReset: false,
} as const

type ScvgBody = Partial<ScavengerLineFields>

// `512 MB released` (Go 1.13 sources also show `N KB released`).
const scvgReleased = token(/(\d+) (MB|KB) released/, 'N MB released', (m): ScvgBody => ({
  releasedKiB: m[2] === 'MB' ? num(m, 1) * 1024 : num(m, 1),
}))

// `inuse: 0, idle: 959, sys: 959, released: 447, consumed: 512 (MB)` — floor(MiB) of
// HeapInuse, HeapIdle, HeapSys, HeapReleased and sys − released.
const scvgSummary = token(
  /inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)/,
  'inuse: N, idle: N, sys: N, released: N, consumed: N (MB)',
  (m): ScvgBody => ({
    inuseMB: num(m, 1),
    idleMB: num(m, 2),
    sysMB: num(m, 3),
    totalReleasedKiB: num(m, 4) * 1024,
    consumedMB: num(m, 5),
  }),
)

// Go ≤1.12: `scvg1: …`; debug.FreeOSMemory prints `scvg-1: …`.
const scvgNumbered = P.seqObj<{generation: number; body: ScvgBody}>(
  ['generation', token(/scvg(-?\d+): /, 'scvgN:', (m) => num(m, 1))],
  ['body', P.alt(scvgReleased, scvgSummary)],
  P.eof,
).map((s): ScavengerLineFields => ({...NONE, shape: 'scvg', ...s.body, generation: s.generation, forced: s.generation === -1}))

// Go 1.13: `scvg: …`, and `forced scvg: …` from debug.FreeOSMemory.
const scvgUnnumbered = P.seqObj<{forced: boolean; body: ScvgBody}>(
  ['forced', P.alt(literal('forced scvg: ').result(true), literal('scvg: ').result(false))],
  ['body', P.alt(scvgReleased, scvgSummary)],
  P.eof,
).map((s): ScavengerLineFields => ({...NONE, shape: 'scvg-1.13', ...s.body, forced: s.forced}))

// Go 1.21+: `0 KiB work (bg), 186960 KiB work (eager), 208712 KiB now, 9% util`
const scavBackgroundEager = token(
  /(\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB (?:now|total), (\d+)% util/,
  'N KiB work (bg), N KiB work (eager), N KiB now, N% util',
  (m): ScvgBody => ({
    shape: 'scav-1.21',
    releasedKiB: num(m, 1) + num(m, 2),
    eagerKiB: num(m, 2),
    totalReleasedKiB: num(m, 3),
    utilPercent: num(m, 4),
  }),
)

// Go 1.15–1.18: `12 1024 KiB work, 4096 KiB total, 97% util` (the scavenger's generation first).
const scavWithGeneration = token(/(\d+) (\d+) KiB work, (\d+) KiB (?:total|now), (\d+)% util/, 'G N KiB work, N KiB total, N% util', (m): ScvgBody => ({
  shape: 'scav-gen',
  generation: num(m, 1),
  releasedKiB: num(m, 2),
  totalReleasedKiB: num(m, 3),
  utilPercent: num(m, 4),
}))

// Go 1.14, 1.19–1.20: `262352 KiB work, 265712 KiB total, 0% util`
const scavPlain = token(/(\d+) KiB work, (\d+) KiB (?:total|now), (\d+)% util/, 'N KiB work, N KiB total, N% util', (m): ScvgBody => ({
  shape: 'scav',
  releasedKiB: num(m, 1),
  totalReleasedKiB: num(m, 2),
  utilPercent: num(m, 3),
}))

// ` (forced)` (debug.FreeOSMemory) or, from 1.18, ` [controller reset]`.
const scavSuffix = P.alt(
  literal(' (forced)').result({forced: true}),
  literal(' [controller reset]').result({controllerReset: true}),
).fallback({})

const scav = P.seqObj<{body: ScvgBody; suffix: ScvgBody}>(
  literal('scav '),
  ['body', P.alt(scavBackgroundEager, scavWithGeneration, scavPlain)],
  ['suffix', scavSuffix],
  P.eof,
).map((s): ScavengerLineFields => ({...NONE, shape: 'scav', ...s.body, ...s.suffix}))

/** A scavenger line of any era. */
export const scavengerLine: P.Parser<ScavengerLineFields> = P.alt(scav, scvgNumbered, scvgUnnumbered)
