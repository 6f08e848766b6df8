// The settings a run was recorded with (a recording's meta.json), read as the runtime reads them.
import type {RunEnvironment} from './types.js'

/** GOGC as recorded: a percentage, 'off', or undefined when the settings are not known. Unset in a known environment is the default, 100. */
export function recordedGogc(environment: RunEnvironment | null): number | 'off' | undefined {
  if (environment === null || environment.GOGC === undefined) return undefined
  const text = environment.GOGC?.trim() ?? ''
  if (text === '') return 100
  if (text === 'off') return 'off'
  const value = Number(text)
  if (!Number.isInteger(value)) return undefined
  return value < 0 ? 'off' : value
}

/**
 * GOMEMLIMIT as recorded, MiB: null when the environment says none is set (or "off"), undefined
 * when the settings are not known or the value does not parse. Units as the runtime reads them:
 * B, KiB, MiB, GiB, TiB, or bare bytes. (debug.SetMemoryLimit in the program is not visible here.)
 */
export function recordedMemoryLimitMiB(environment: RunEnvironment | null): number | null | undefined {
  if (environment === null || environment.GOMEMLIMIT === undefined) return undefined
  const text = environment.GOMEMLIMIT?.trim() ?? ''
  if (text === '' || text === 'off') return null
  const match = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB|TiB)?$/.exec(text)
  if (match === null) return undefined
  const shift = {B: -20, KiB: -10, MiB: 0, GiB: 10, TiB: 20}[(match[2] ?? 'B') as 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB']
  return Number(match[1]) * 2 ** shift
}
