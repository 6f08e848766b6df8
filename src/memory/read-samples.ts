// The memory stage's entry point: a sample file in, a SampleSeries out. The format is told by the
// content, never the file name: JSON is a Prometheus response; a header with t_s and vmrss_kb is
// a gctrace recording; any other header goes to the generic reader, which refuses (with the list
// of formats) when it finds neither a time nor a memory column.
import {readFile} from 'node:fs/promises'
import {gunzipSync} from 'node:zlib'

import {detectDelimiter, splitFields, textLines, type Delimiter} from './delimited.js'
import {parseGenericCsv} from './generic-csv.js'
import {sampleMessages} from './messages.js'
import {parsePrometheusJson} from './prometheus-json.js'
import {isRecordingHeader, parseRecordingCsv} from './recording-csv.js'
import {SampleError} from './sample-error.js'
import type {SampleOptions, SampleSeries} from './types.js'

/** The name messages use when parseSamples is not told one. */
const DEFAULT_NAME = 'samples'

/** Reads samples from text. Throws SampleError, and nothing else, with a one-line message. */
export function parseSamples(text: string, options: SampleOptions = {}): SampleSeries {
  const name = options.name ?? DEFAULT_NAME
  const lines = textLines(text)
  let index = nextContentLine(lines, 0)
  if (index < 0) throw new SampleError(sampleMessages.empty(name))
  const first = (lines[index] as string).trimStart()
  if (first.startsWith('{') || first.startsWith('[')) return parsePrometheusJson(lines.slice(index).join('\n'), options, name)

  // Excel's (and Grafana's "Download for Excel") first line names the separator: `sep=,`.
  let delimiter: Delimiter | undefined
  if (first.startsWith('sep=') && first.length === 5) {
    const named = first[4]
    if (named === ',' || named === ';' || named === '\t') delimiter = named
    index = nextContentLine(lines, index + 1)
    if (index < 0) throw new SampleError(sampleMessages.empty(name))
  }
  const header = lines[index] as string
  delimiter ??= detectDelimiter(header)
  const names = splitFields(header, delimiter).map((n) => n.trim())
  if (names.length < 2) throw new SampleError(sampleMessages.unknownFormat(name))
  if (isRecordingHeader(names)) return parseRecordingCsv(lines, index, delimiter, options, name)
  return parseGenericCsv(lines, index, delimiter, options, name)
}

/** Reads a sample file (plain or gzip-compressed, told by its first bytes). Throws SampleError. */
export async function readSamples(path: string, options: SampleOptions = {}): Promise<SampleSeries> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new SampleError(sampleMessages.cannotRead(path, (error as NodeJS.ErrnoException).code, (error as Error).message), {cause: error})
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch (error) {
      throw new SampleError(sampleMessages.cannotRead(path, undefined, `not a valid gzip stream: ${(error as Error).message}`), {cause: error})
    }
  }
  return parseSamples(bytes.toString('utf8'), {...options, name: options.name ?? path})
}

/** The index of the first line at or after `from` that is not blank; -1 when none is. */
function nextContentLine(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if ((lines[i] as string).trim().length > 0) return i
  return -1
}
