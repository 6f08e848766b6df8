// --timeline-csv writes the time-aligned table a slice of rows at a time, each slice a danfojs
// DataFrame of its own: the pieces together must be the CSV of the whole table as one frame,
// whatever the slice, on every recording with memory samples.
import test from 'ava'
import {readdirSync} from 'node:fs'

import {timelineCsv, timelineFrame} from '../../src/analysis/timeline.js'
import {findRecording} from '../../src/cli/recording.js'
import {analyzeRecording} from '../helpers/analyze.js'
import {fixture} from '../helpers/paths.js'

const withSamples = readdirSync(fixture('recordings')).filter((name) => findRecording(fixture('recordings', name))?.rssPath != null)

for (const name of withSamples) {
  test(`${name}: the CSV in slices of 1, 7, 1000 and all rows is the whole frame's CSV`, async (t) => {
    const timeline = (await analyzeRecording(name)).diagnosis?.timeline
    if (timeline == null) return t.fail('no timeline')
    const whole = (await timelineFrame(timeline)).toCSV() as string
    t.is(whole.split('\n').length, timeline.rows.length + 2, 'a header, a line a row, and the last newline')
    for (const rowsEach of [1, 7, 1000, timeline.rows.length]) {
      const pieces = [...(await timelineCsv(timeline, rowsEach))]
      t.is(pieces.length, Math.ceil(timeline.rows.length / rowsEach), `${rowsEach} rows each`)
      t.is(pieces.join(''), whole, `${rowsEach} rows each`)
    }
  })
}
