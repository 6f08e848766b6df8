// The memory stage's entry point: a sample file in, a SampleSeries out. The format is told by the
// content, never the file name: JSON is a Prometheus response; a header with t_s and vmrss_kb is
// a gctrace recording; any other header goes to the generic reader, which refuses (with the list
// of formats) when it finds neither a time nor a memory column.
//
// A file is read a line at a time as it is decoded, each row going into the series as it comes:
// a million rows read whole (the text, then a string per line) held ~250 MB at once.
import {open} from 'node:fs/promises'
import type {Readable} from 'node:stream'
import {pipeline} from 'node:stream'
import {createGunzip} from 'node:zlib'

import {detectDelimiter, splitFields, TextLineBreaker, textLines, type Delimiter} from './delimited.js'
import {GenericCsvReader} from './generic-csv.js'
import {sampleMessages} from './messages.js'
import {parsePrometheusJson} from './prometheus-json.js'
import {isRecordingHeader, RecordingReader} from './recording-csv.js'
import {SampleError} from './sample-error.js'
import type {RowReader} from './series-builder.js'
import type {SampleOptions, SampleSeries} from './types.js'

/** The name messages use when parseSamples is not told one. */
const DEFAULT_NAME = 'samples'

const CHUNK_BYTES = 64 << 10

/** Reads samples from text. Throws SampleError, and nothing else, with a one-line message. */
export function parseSamples(text: string, options: SampleOptions = {}): SampleSeries {
  const reader = new SampleReader(options, options.name ?? DEFAULT_NAME)
  for (const line of textLines(text)) reader.push(line)
  return reader.finish()
}

/** Reads a sample file (plain or gzip-compressed, told by its first bytes). Throws SampleError. */
export async function readSamples(path: string, options: SampleOptions = {}): Promise<SampleSeries> {
  const reader = new SampleReader(options, options.name ?? path)
  const lines = new TextLineBreaker()
  // Drops a leading byte-order mark, as textLines does.
  const decoder = new TextDecoder()
  for await (const chunk of fileBytes(path)) for (const line of lines.push(decoder.decode(chunk, {stream: true}))) reader.push(line)
  for (const line of lines.push(decoder.decode())) reader.push(line)
  for (const line of lines.end()) reader.push(line)
  return reader.finish()
}

/**
 * Tells the format from the first lines that are not blank, then hands every line to that
 * format's reader: the rows of a CSV as they come, a Prometheus response (JSON) whole at the end.
 */
class SampleReader {
  private lineNumber = 0
  private rows: RowReader | undefined
  private json: string[] | undefined
  private delimiter: Delimiter | undefined
  private afterSep = false

  constructor(
    private readonly options: SampleOptions,
    private readonly name: string,
  ) {}

  push(line: string): void {
    this.lineNumber++
    if (this.rows !== undefined) return this.rows.push(line, this.lineNumber)
    if (this.json !== undefined) {
      this.json.push(line)
      return
    }
    if (line.trim().length === 0) return
    const first = line.trimStart()
    if (!this.afterSep) {
      if (first.startsWith('{') || first.startsWith('[')) {
        this.json = [line]
        return
      }
      // Excel's (and Grafana's "Download for Excel") first line names the separator: `sep=,`.
      if (first.startsWith('sep=') && first.length === 5) {
        const named = first[4]
        if (named === ',' || named === ';' || named === '\t') this.delimiter = named
        this.afterSep = true
        return
      }
    }
    const delimiter = this.delimiter ?? detectDelimiter(line)
    const names = splitFields(line, delimiter).map((n) => n.trim())
    if (names.length < 2) throw new SampleError(sampleMessages.unknownFormat(this.name))
    this.rows = isRecordingHeader(names) ? new RecordingReader(line, delimiter, this.options, this.name) : new GenericCsvReader(line, delimiter, this.options, this.name)
  }

  finish(): SampleSeries {
    if (this.json !== undefined) return parsePrometheusJson(this.json.join('\n'), this.options, this.name)
    if (this.rows === undefined) throw new SampleError(sampleMessages.empty(this.name))
    return this.rows.finish()
  }
}

/** The file's bytes as they are read, gunzipped when its first bytes are gzip's. Throws SampleError. */
async function* fileBytes(path: string): AsyncGenerator<Buffer> {
  const cannotRead = (error: unknown) => new SampleError(sampleMessages.cannotRead(path, (error as NodeJS.ErrnoException).code, (error as Error).message), {cause: error})
  const file = await open(path).catch((error: unknown) => {
    throw cannotRead(error)
  })
  try {
    const head = Buffer.alloc(2)
    const {bytesRead} = await file.read(head, 0, 2, 0).catch((error: unknown) => {
      throw cannotRead(error)
    })
    const raw = file.createReadStream({start: 0, highWaterMark: CHUNK_BYTES, autoClose: false})
    const gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
    const source: Readable = gzip ? pipeline(raw, createGunzip({chunkSize: CHUNK_BYTES}), () => {}) : raw
    try {
      for await (const chunk of source) yield chunk as Buffer
    } catch (error) {
      if (!isZlibError(error)) throw cannotRead(error)
      throw new SampleError(sampleMessages.cannotRead(path, undefined, `not a valid gzip stream: ${(error as Error).message}`), {cause: error})
    }
  } finally {
    await file.close()
  }
}

/** zlib's errors carry its codes (Z_DATA_ERROR, Z_BUF_ERROR…); a read's carry errno codes. */
function isZlibError(error: unknown): boolean {
  return String((error as NodeJS.ErrnoException).code).startsWith('Z_')
}
