// The library's errors. Commands translate them into exit codes (docs/cli.md); the library
// itself never exits or prints.

/** Exit codes, one per kind of failure. */
export const EXIT = {
  ok: 0,
  /** --fail-on matched a finding. */
  findingMatched: 1,
  /** Bad usage, or an input that cannot be read. */
  usageOrInput: 2,
  /** The input holds no GC trace at all. */
  noTrace: 3,
} as const

/** An input that cannot be opened or decoded. */
export class InputError extends Error {
  override name = 'InputError'
}

/** A flag value or combination that cannot work; exit 2 like bad input. */
export class UsageError extends InputError {
  override name = 'UsageError'
}

/** The input holds no GC trace at all (exit 3). */
export class NoTraceError extends Error {
  override name = 'NoTraceError'
}
