// The environment `gctrace run` gives the program: the user's, with GODEBUG asking for the
// runtime's traces. Nothing the user set is changed or dropped.

/** The settings `gctrace run` needs, in the order it adds them. */
export const TRACE_SETTINGS = [
  ['gctrace', '1'],
  ['scavtrace', '1'],
] as const

/** Variables that change how the runtime manages memory: passed on untouched, and recorded. */
export const RECORDED_ENV = ['GODEBUG', 'GOGC', 'GOMEMLIMIT', 'GOMAXPROCS'] as const
/** Recorded too, when set. */
export const RECORDED_WHEN_SET = ['GOTRACEBACK', 'GOEXPERIMENT', 'GOAMD64', 'GOARM64'] as const

export interface MergedGodebug {
  /** The GODEBUG the program gets. */
  value: string
  /** What was added (`gctrace=1`), in order. */
  added: string[]
  /** The user's own value of a setting gctrace needs, when it is not what gctrace would set (`gctrace=0`). */
  userSettings: Record<string, string>
}

/**
 * Adds gctrace=1 and scavtrace=1 to the user's GODEBUG unless it names them already (with any
 * value: `gctrace=2` and `gctrace=0` are the user's choice and kept). The user's text is kept as
 * it is, our settings follow it. The runtime reads GODEBUG left to right and a later setting wins,
 * so keeping the user's entries and adding only missing keys changes nothing else.
 */
export function mergeGodebug(user: string | undefined): MergedGodebug {
  const entries = (user ?? '').split(',')
  const set = new Map<string, string>()
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq > 0) set.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
  }
  const added: string[] = []
  const userSettings: Record<string, string> = {}
  for (const [key, value] of TRACE_SETTINGS) {
    const theirs = set.get(key)
    if (theirs === undefined) added.push(`${key}=${value}`)
    else if (theirs !== value) userSettings[key] = theirs
  }
  const kept = user === undefined || user === '' ? [] : [user]
  return {value: [...kept, ...added].join(','), added, userSettings}
}

/** The child's environment: the parent's, with GODEBUG merged. */
export function childEnvironment(parent: NodeJS.ProcessEnv): {env: NodeJS.ProcessEnv; godebug: MergedGodebug} {
  const godebug = mergeGodebug(parent.GODEBUG)
  return {env: {...parent, GODEBUG: godebug.value}, godebug}
}

/** What meta.json records of the environment: the four always (null when unset), the others when set. */
export function recordedEnvironment(env: NodeJS.ProcessEnv): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const key of RECORDED_ENV) out[key] = env[key] ?? null
  for (const key of RECORDED_WHEN_SET) if (env[key] !== undefined) out[key] = env[key] as string
  return out
}
