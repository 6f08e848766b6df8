// peak-not-returned on real recordings: its evidence worked out again here from the timeline's
// rows and their attributions, one row object at a time (the rule reads the rows by index).
import test from 'ava'
import {readdirSync} from 'node:fs'

import {partMiB} from '../../../src/analysis/attribution.js'
import {DEFAULT_THRESHOLDS} from '../../../src/analysis/thresholds.js'
import {round} from '../../../src/analysis/rules/window.js'
import {findRecording} from '../../../src/cli/recording.js'
import {analyzeRecording} from '../../helpers/analyze.js'
import {fixture} from '../../helpers/paths.js'

const withSamples = readdirSync(fixture('recordings')).filter((name) => findRecording(fixture('recordings', name))?.rssPath != null)
const threshold = DEFAULT_THRESHOLDS.peakRetainedMiB

let found = 0
let withReturn = 0
for (const name of withSamples) {
  test.serial(`${name}: the most held, the end and the return are those of the rows`, async (t) => {
    const {diagnosis} = await analyzeRecording(name)
    const finding = diagnosis?.findings.find((f) => f.id === 'peak-not-returned')
    const rows = diagnosis?.timeline?.rows
    if (finding === undefined || rows === undefined) return t.pass(`no finding in ${name}`)
    found++
    const held = [...rows].map((row) => partMiB(row.attribution, 'idle-heap'))
    const first = held.findIndex((mib) => mib >= threshold)
    t.true(first >= 0)
    let most = first
    for (let i = first; i < held.length; i++) if ((held[i] as number) > (held[most] as number)) most = i
    // Returned: the first row after the most held that holds under half the threshold, with no row at or over it after.
    const last = held.length - 1
    let returned = -1
    for (let i = most + 1; i < held.length; i++) {
      if ((held[i] as number) >= threshold) returned = -1
      else if (returned < 0 && (held[i] as number) < threshold / 2) returned = i
    }
    const evidence = (label: string) => finding.evidence.find((e) => e.label === label)
    t.deepEqual(evidence('heap memory held idle (most)'), {label: 'heap memory held idle (most)', value: round(held[most] as number), unit: 'MiB', at: rows.row(most).at})
    t.deepEqual(evidence('heap memory held idle (end)'), {label: 'heap memory held idle (end)', value: round(held[last] as number), unit: 'MiB', at: rows.row(last).at})
    t.is(evidence('returned after')?.at, returned < 0 ? undefined : rows.row(returned).at)
    if (returned >= 0) withReturn++
    t.is(finding.severity, (held[last] as number) >= threshold ? 'warn' : 'info')
  })
}

test.serial('some recordings have the finding, with and without a return', (t) => {
  t.true(found >= 5, `${found} recordings`)
  t.true(withReturn >= 1 && withReturn < found, `${withReturn} of ${found} with a return`)
})
