// The JSON document written as it is made. A log of a million cycles makes a document of over a
// gigabyte: JSON.stringify of it passes V8's longest string and throws, and every cycle as an
// object at once is more memory than the analysis. The long lists (cycles, scavenger reports,
// pacer lines) are LazyLists, whose items are made while they are written.
import {once} from 'node:events'
import type {Writable} from 'node:stream'

/** A list in a JSON document whose items are made one at a time as it is written. */
export class LazyList<T> {
  constructor(private readonly items: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]()
  }

  /** JSON.stringify of a document holding the list gives the list as an array. */
  toJSON(): T[] {
    return Array.from(this)
  }
}

/** What to write at once: large enough that writes cost nothing, small enough to be cheap to hold. */
const PIECE_CHARS = 1 << 16

/**
 * JSON.stringify(value, null, 2) in pieces: the same text (the same keys, order, spacing,
 * nulls for NaN and undefined in lists, keys left out for undefined values), with each
 * LazyList's items stringified one at a time (an item must not hold a LazyList).
 */
export function* prettyJson(value: unknown): Generator<string> {
  let pending = ''
  for (const piece of pieces(value, '', '')) {
    pending += piece
    if (pending.length >= PIECE_CHARS) {
      yield pending
      pending = ''
    }
  }
  if (pending !== '') yield pending
}

function* pieces(value: unknown, key: string, indent: string): Generator<string> {
  const own = toJsonValue(value, key)
  if (own instanceof LazyList) return yield* listPieces(own, indent, true)
  if (Array.isArray(own)) return yield* listPieces(own, indent, false)
  if (own !== null && typeof own === 'object') return yield* objectPieces(own as Record<string, unknown>, indent)
  yield JSON.stringify(own) ?? 'null'
}

function* listPieces(items: Iterable<unknown>, indent: string, lazy: boolean): Generator<string> {
  const inner = indent + '  '
  let first = true
  let index = 0
  for (const item of items) {
    yield first ? '[\n' + inner : ',\n' + inner
    first = false
    // A lazy list's items are leaves of the document: stringified whole, then indented to their place.
    if (lazy) yield (JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', '\n' + inner)
    else yield* pieces(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, String(index), inner)
    index++
  }
  yield first ? '[]' : '\n' + indent + ']'
}

function* objectPieces(object: Record<string, unknown>, indent: string): Generator<string> {
  const inner = indent + '  '
  let first = true
  for (const key of Object.keys(object)) {
    const value = toJsonValue(object[key], key)
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(key) + ': '
    first = false
    yield* pieces(value, key, inner)
  }
  yield first ? '{}' : '\n' + indent + '}'
}

/** What JSON.stringify would write for `value`: its toJSON(key) when it has one (a LazyList is kept whole). */
function toJsonValue(value: unknown, key: string): unknown {
  if (value instanceof LazyList || value === null || typeof value !== 'object') return value
  const toJSON = (value as {toJSON?: unknown}).toJSON
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value
}

/** Writes `value` as prettyJson and a newline (as oclif prints --json output), waiting when `out` is full. */
export async function writePrettyJson(out: Writable, value: unknown): Promise<void> {
  for (const piece of prettyJson(value)) if (!out.write(piece)) await once(out, 'drain')
  if (!out.write('\n')) await once(out, 'drain')
}
