// Paths the tests read, resolved from the compiled test's location (dist/test/helpers/).
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const fixture = (...parts: string[]) => resolve(repoRoot, 'fixtures', ...parts)
export const recording = (name: string, file = 'trace.log') => resolve(repoRoot, 'fixtures', 'recordings', name, file)
/** The shared real recordings, beside the repository (as CI lays them out). */
export const sharedTrace = (name: string, file = 'trace.log') => resolve(repoRoot, '..', 'shared', 'traces', name, file)
export const runBin = resolve(repoRoot, 'bin', 'run.js')
