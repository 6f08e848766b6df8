// Paths the tests read, resolved from the compiled test's location (dist/test/helpers/).
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const fixture = (...parts: string[]) => resolve(repoRoot, 'fixtures', ...parts)
export const recording = (name: string, file = 'trace.log') => resolve(repoRoot, 'fixtures', 'recordings', name, file)
/** The two recordings the project started from (copied from shared/traces, see fixtures/README.md). */
export const seedTrace = (kind: 'madvfree' | 'madvdontneed', file = 'trace.log') => resolve(repoRoot, 'fixtures', 'recordings', `go1.19-seed-${kind}-10x256mb`, file)
export const runBin = resolve(repoRoot, 'bin', 'run.js')
