// Docker's json-file log driver (/var/lib/docker/containers/ID/ID-json.log): one JSON object per
// line, `{"log":"gc 1 @0.008s …\n","stream":"stderr","time":"2024-01-01T00:00:00.123456789Z"}`.
// A `log` without its trailing `\n` is a partial: Docker cuts lines at 16 KB, and the pieces
// follow as further objects of the same stream. stdout and stderr are both kept, in file order.
import {type Envelope, jsonObjectOf, pieceEnvelope, type StoredPiece} from './envelope.js'
import {readRfc3339} from './times.js'

/** The record on a line, or null when the line is not one. */
function readPiece(line: string): StoredPiece | null {
  const value = jsonObjectOf(line)
  if (value === null) return null
  const {log, stream, time} = value
  if (typeof log !== 'string' || typeof time !== 'string') return null
  const wallMs = readRfc3339(time, 0, time.length)
  if (Number.isNaN(wallMs)) return null
  // No trailing `\n`: a partial, continued by the next record of the same stream.
  const last = log.charCodeAt(log.length - 1) === 0x0a
  return {stream: typeof stream === 'string' ? stream : '', text: last ? log.slice(0, -1) : log, wallMs, last}
}

export const dockerJson: Envelope = pieceEnvelope(readPiece)
