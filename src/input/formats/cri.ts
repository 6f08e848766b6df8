// The CRI log format (containerd, CRI-O; /var/log/pods/…/0.log, what `kubectl logs` reads):
// `2024-01-01T00:00:00.123456789Z stderr F gc 1 @0.008s …`. The tag `P` marks a partial (the
// runtime's 16 KB cut), joined with the pieces of the same stream up to the `F`. Read with
// indexOf and charCodeAt: no regexp, one slice per line for the text.
import {type Envelope, pieceEnvelope, type StoredPiece} from './envelope.js'
import {readRfc3339} from './times.js'

/** A CRI record, or null when the line is not one. */
function readPiece(line: string): StoredPiece | null {
  const timeEnd = line.indexOf(' ')
  if (timeEnd < 20) return null
  const streamEnd = timeEnd + 7
  if (line.charCodeAt(streamEnd) !== 0x20) return null
  const stream = line.startsWith('stderr', timeEnd + 1) ? 'stderr' : line.startsWith('stdout', timeEnd + 1) ? 'stdout' : null
  if (stream === null) return null
  // Tags: `P` or `F`, possibly followed by more `:`-separated tags.
  const tag = line.charCodeAt(streamEnd + 1)
  if (tag !== 0x50 && tag !== 0x46) return null
  let tagsEnd = line.indexOf(' ', streamEnd + 1)
  if (tagsEnd < 0) tagsEnd = line.length
  else if (tagsEnd !== streamEnd + 2 && line.charCodeAt(streamEnd + 2) !== 0x3a) return null
  const wallMs = readRfc3339(line, 0, timeEnd)
  if (Number.isNaN(wallMs)) return null
  return {stream, text: line.slice(Math.min(line.length, tagsEnd + 1)), wallMs, last: tag !== 0x50}
}

export const cri: Envelope = pieceEnvelope(readPiece)
