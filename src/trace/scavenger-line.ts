// Lines of the scavenger, the part of the runtime that returns heap memory to the OS.
// Before Go 1.14 they came with gctrace=1 (`scvg…`); from 1.14 only with scavtrace=1 (`scav …`).
import P from 'parsimmon'

import {endOfLine, fields, firstOf, flag, mapped, num, optional, token} from './tokens.js'
import type {ScavengerReport} from './types.js'

/** The whole event, with placeholders (line 0, afterSeq null) that the reader fills in. */
export type ScavengerLineFields = ScavengerReport

type ScvgBody = Partial<ScavengerReport>

/** One report, every field in one order (one object shape for V8), from the parts the line gave. */
function report(shape: ScavengerReport['shape'], body: ScvgBody, suffix?: ScvgBody): ScavengerReport {
  return {
    kind: 'scavenger',
    shape: body.shape ?? shape,
    generation: body.generation ?? null,
    releasedKiB: body.releasedKiB ?? null,
    eagerKiB: body.eagerKiB ?? null,
    totalReleasedKiB: body.totalReleasedKiB ?? null,
    utilPercent: body.utilPercent ?? null,
    inuseMB: body.inuseMB ?? null,
    idleMB: body.idleMB ?? null,
    sysMB: body.sysMB ?? null,
    consumedMB: body.consumedMB ?? null,
    forced: suffix?.forced ?? body.forced ?? false,
    controllerReset: suffix?.controllerReset ?? false,
    afterSeq: null,
    spliced: false,
    line: 0,
    prefix: '',
    wallMs: null,
  }
}

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
const scvgNumbered = fields(
  [['generation', token(/scvg(-?\d+): /, 'scvgN:', (m) => num(m, 1))], ['body', firstOf(scvgReleased, scvgSummary)], endOfLine],
  (s: {generation: number; body: ScvgBody}): ScavengerReport => report('scvg', {...s.body, generation: s.generation, forced: s.generation === -1}),
)

// Go 1.13: `scvg: …`, and `forced scvg: …` from debug.FreeOSMemory.
const scvgUnnumbered = fields(
  [['forced', firstOf(flag('forced scvg: ', true), flag('scvg: ', false))], ['body', firstOf(scvgReleased, scvgSummary)], endOfLine],
  (s: {forced: boolean; body: ScvgBody}): ScavengerReport => report('scvg-1.13', {...s.body, forced: s.forced}),
)

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
const scavSuffix = optional(firstOf<ScvgBody>(flag(' (forced)', {forced: true}), flag(' [controller reset]', {controllerReset: true})), {})

const scav = fields(
  // The common shape first: Go 1.14 and 1.19–1.20.
  [flag('scav ', true), ['body', firstOf(scavPlain, scavWithGeneration, scavBackgroundEager)], ['suffix', scavSuffix], endOfLine],
  (s: {body: ScvgBody; suffix: ScvgBody}): ScavengerReport => report('scav', s.body, s.suffix),
)

/** A scavenger line of any era. */
export const scavengerLine: P.Parser<ScavengerLineFields> = firstOf(scav, scvgNumbered, scvgUnnumbered)
