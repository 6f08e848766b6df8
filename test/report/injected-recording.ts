// A real recording with HTML put into its trace the ways app output gets there: a line of its
// own, text written without a newline before a runtime line (a prefix), and a runtime-looking
// line that does not parse (quoted as unrecognized). The report must show it as text.
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture} from '../helpers/paths.js'

export const INJECTED = '<img src=x onerror=alert(1)>'

/** A copy of fixtures/recordings/NAME in a temp folder, its trace.log with INJECTED inserted. */
export function injectedRecording(name = 'go1.19-seed-madvfree-10x256mb'): string {
  const source = fixture('recordings', name)
  const dir = join(mkdtempSync(join(tmpdir(), 'gctrace-injected-')), name)
  mkdirSync(dir)
  const lines = readFileSync(join(source, 'trace.log'), 'utf8').trimEnd().split('\n')
  const scav = lines.findIndex((line, i) => i > 2 && line.startsWith('scav '))
  lines[scav] = INJECTED + lines[scav] // app text with no newline, then the runtime's line
  lines.splice(3, 0, INJECTED) // an app line of its own
  lines.splice(8, 0, `scvg: ${INJECTED}`) // runtime-looking, unparseable
  writeFileSync(join(dir, 'trace.log'), lines.join('\n') + '\n')
  for (const file of ['rss.csv', 'meta.json']) if (existsSync(join(source, file))) copyFileSync(join(source, file), join(dir, file))
  return dir
}
