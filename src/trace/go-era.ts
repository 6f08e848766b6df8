// Which Go releases print a given line shape, and what a segment's shapes together say about the
// release that produced it. Boundaries come from the runtime sources listed in docs/formats.md;
// the 1.18/1.19 boundary of `MB stacks` and the 1.20/1.21 one of `(bg)/(eager)` are inferred.

/** Newest minor release whose output we know; a range reaching it is open-ended ("or later"). */
const LATEST_KNOWN_MINOR = 25

type MinorRange = readonly [number, number]

/** The Go 1.x minor releases that print each shape. */
const SHAPE_RELEASES: Record<string, readonly MinorRange[]> = {
  'gc go1.3': [[3, 3]],
  'gc go1.4': [[4, 4]],
  'gc go1.5': [[5, 5]],
  'gc go1.6': [[6, 18]],
  'gc go1.19': [[19, LATEST_KNOWN_MINOR]],
  'scavenger scvg': [[0, 12]],
  'scavenger scvg-1.13': [[13, 13]],
  'scavenger scav': [
    [14, 14],
    [19, 20],
  ],
  'scavenger scav-gen': [[15, 18]],
  'scavenger scav-1.21': [[21, LATEST_KNOWN_MINOR]],
  'pacer cpu': [[18, LATEST_KNOWN_MINOR]],
  'pacer assist-ratio': [[5, LATEST_KNOWN_MINOR]],
  'pacer sweep-done': [[5, LATEST_KNOWN_MINOR]],
  'pacer mark-end': [[5, 17]],
}

export interface GoEra {
  /** e.g. "Go 1.19 or later", "Go 1.14", "Go 1.6–1.18". */
  label: string
  /** Oldest and newest Go 1.x minor release that fits; newest is null when open-ended. */
  minMinor: number | null
  maxMinor: number | null
  /** The shapes disagree with each other (mixed output); the label follows the gc lines. */
  conflicting: boolean
}

function releasesOf(shape: string): Set<number> {
  const minors = new Set<number>()
  for (const [from, to] of SHAPE_RELEASES[shape] ?? []) for (let m = from; m <= to; m++) minors.add(m)
  return minors
}

/** The era that fits every shape seen (shape keys as `kind shape`, e.g. `gc go1.19`). */
export function guessGoEra(shapes: Iterable<string>): GoEra {
  const known = [...shapes].filter((shape) => shape in SHAPE_RELEASES).sort()
  if (known.length === 0) return {label: 'unknown', minMinor: null, maxMinor: null, conflicting: false}
  let fit: Set<number> | undefined
  for (const shape of known) {
    const minors = releasesOf(shape)
    fit = fit === undefined ? minors : new Set([...fit].filter((m) => minors.has(m)))
  }
  let conflicting = false
  if (fit === undefined || fit.size === 0) {
    conflicting = true
    const gcShapes = known.filter((shape) => shape.startsWith('gc '))
    fit = new Set(gcShapes.flatMap((shape) => [...releasesOf(shape)]))
    if (fit.size === 0) fit = new Set(known.flatMap((shape) => [...releasesOf(shape)]))
  }
  const minors = [...fit].sort((a, b) => a - b)
  return {label: describeMinors(minors), minMinor: minors[0] ?? null, maxMinor: minors.at(-1) === LATEST_KNOWN_MINOR ? null : (minors.at(-1) ?? null), conflicting}
}

/** "Go 1.14", "Go 1.19–1.20", "Go 1.19 or later", "Go 1.14 or 1.19–1.20". */
function describeMinors(minors: number[]): string {
  const runs: [number, number][] = []
  for (const m of minors) {
    const last = runs.at(-1)
    if (last !== undefined && last[1] === m - 1) last[1] = m
    else runs.push([m, m])
  }
  const parts = runs.map(([from, to]) => {
    if (to === LATEST_KNOWN_MINOR) return from === 0 ? 'any' : `1.${from} or later`
    if (from === 0) return `1.${to} or earlier`
    return from === to ? `1.${from}` : `1.${from}–1.${to}`
  })
  return `Go ${parts.join(' or ')}`
}
