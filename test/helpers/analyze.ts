// Runs the whole pipeline on a recording folder, as `gctrace analyze DIR` does, for rule tests.
import {readFileSync} from 'node:fs'

import {type AnalyzeOptions, analyzeTrace, type Analysis} from '../../src/analysis/index.js'
import {parseGoVersion} from '../../src/analysis/runtime.js'
import {environmentOf, findRecording} from '../../src/cli/recording.js'
import {readSamples} from '../../src/memory/read-samples.js'
import {fixture} from './paths.js'
import {parseText} from './parse.js'

export async function analyzeRecording(name: string, options: AnalyzeOptions & {withoutSamples?: boolean} = {}): Promise<Analysis> {
  const recording = findRecording(fixture('recordings', name))
  if (recording === undefined) throw new Error(`no recording ${name}`)
  const {trace} = await parseText(readFileSync(recording.tracePath, 'utf8'))
  const samples = recording.rssPath === null || options.withoutSamples === true ? null : (await readSamples(recording.rssPath)).samples
  const goVersion = recording.meta?.goVersion === undefined ? undefined : parseGoVersion(recording.meta.goVersion)
  return analyzeTrace(trace, {samples, environment: environmentOf(recording.meta), ...(goVersion === undefined ? {} : {goVersion}), ...options})
}
