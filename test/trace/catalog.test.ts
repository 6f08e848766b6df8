// Every literal line in fixtures/lines/catalog.json — real runtime output, each with its public
// source — parses to the kind and shape the catalogue says, and its segment's era includes the
// Go version the source states.
import test from 'ava'
import {readFileSync} from 'node:fs'

import {fixture} from '../helpers/paths.js'
import {parseText} from '../helpers/parse.js'

interface CatalogLine {
  kind: string
  shape: string
  goVersion: string
  line: string
  source: string
  notes?: string
}

const catalog = JSON.parse(readFileSync(fixture('lines', 'catalog.json'), 'utf8')) as CatalogLine[]

// The catalogue names shapes as people say them; the parser names them by grammar.
const SHAPE_OF: Record<string, {kind: string; shape?: string}> = {
  'go1.3': {kind: 'cycle', shape: 'go1.3'},
  'go1.4': {kind: 'cycle', shape: 'go1.4'},
  'go1.5': {kind: 'cycle', shape: 'go1.5'},
  'go1.6': {kind: 'cycle', shape: 'go1.6'},
  'go1.19': {kind: 'cycle', shape: 'go1.19'},
  scvg: {kind: 'scavenger', shape: 'scvg'},
  'scvg-summary': {kind: 'scavenger', shape: 'scvg'},
  'scvg-1.13': {kind: 'scavenger', shape: 'scvg-1.13'},
  'scav-1.14': {kind: 'scavenger', shape: 'scav'},
  'scav-gen': {kind: 'scavenger', shape: 'scav-gen'},
  'scav-1.21': {kind: 'scavenger', shape: 'scav-1.21'},
  periodic: {kind: 'periodic-notice'},
  'pacer-assist': {kind: 'pacer', shape: 'assist-ratio'},
  'pacer-mark': {kind: 'pacer', shape: 'mark-end'},
  'pacer-sweep': {kind: 'pacer', shape: 'sweep-done'},
  'pacer-1.18': {kind: 'pacer', shape: 'cpu'},
}

test('the catalogue has real lines for the eras the parser reads', (t) => {
  const shapes = new Set(catalog.map((entry) => entry.shape))
  for (const shape of ['go1.3', 'go1.4', 'go1.5', 'go1.6', 'go1.19', 'scvg-summary', 'scav-1.14', 'periodic', 'pacer-1.18']) t.true(shapes.has(shape), shape)
  for (const entry of catalog) t.truthy(entry.source, `a source for ${entry.line}`)
})

for (const [i, entry] of catalog.entries()) {
  test(`catalogue line ${i + 1} (${entry.shape}, ${entry.source.slice(0, 40)})`, async (t) => {
    const expected = SHAPE_OF[entry.shape]
    if (expected === undefined) return t.fail(`unknown shape ${entry.shape}`)
    const {events, trace} = await parseText(entry.line)
    const runtime = events.filter((e) => e.kind !== 'app')
    t.is(runtime.length, 1, `one event from: ${entry.line}`)
    const [event] = runtime
    t.is(event?.kind as string | undefined, expected.kind, entry.line)
    if (expected.shape !== undefined && event !== undefined && "shape" in event) t.is(event.shape as string, expected.shape)
    // The era guessed from this line alone includes the version the source states.
    const stated = /^1\.(\d+)/.exec(entry.goVersion)
    const era = trace.segments[0]?.goEra
    if (stated !== null && era !== undefined && era.minMinor !== null) {
      const minor = Number(stated[1])
      t.true(minor >= era.minMinor && (era.maxMinor === null || minor <= era.maxMinor), `${era.label} includes Go 1.${minor}`)
    }
  })
}

test('catalogue lines taken from recordings here stand verbatim at the line they name', (t) => {
  const local = catalog.filter((entry) => entry.source.startsWith('fixtures/recordings/'))
  t.true(local.length > 0)
  for (const entry of local) {
    const match = /^fixtures\/recordings\/([^/]+)\/trace\.log line (\d+)/.exec(entry.source)
    if (match === null) return t.fail(`cannot read the source of ${entry.line}`)
    const lines = readFileSync(fixture('recordings', match[1] as string, 'trace.log'), 'utf8').split('\n')
    t.is(lines[Number(match[2]) - 1], entry.line, entry.source)
  }
})
