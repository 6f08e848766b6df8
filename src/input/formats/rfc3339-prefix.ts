// `kubectl logs --timestamps` and `docker logs -t`: each line printed with its RFC 3339 time
// (kubectl trims trailing zeros of the nanoseconds, docker keeps all nine), a space, the text.
import type {Envelope, EnvelopeReader, LineSink} from './envelope.js'
import {readRfc3339} from './times.js'

/** No partials: both tools print whole lines. */
export const rfc3339Prefix: Envelope = {
  matches: (line) => readPrefix(line) >= 0,
  createReader(): EnvelopeReader {
    return {
      read(line: string, out: LineSink): boolean {
        const timeEnd = line.indexOf(' ')
        const end = timeEnd < 0 ? line.length : timeEnd
        const wallMs = readRfc3339(line, 0, end)
        if (Number.isNaN(wallMs)) return false
        out.push(line.slice(Math.min(line.length, end + 1)), wallMs)
        return true
      },
      end: () => {},
      piecesJoined: 0,
    }
  },
}

/** The index where the text starts after an RFC 3339 time and a space; -1 when there is none. */
function readPrefix(line: string): number {
  const timeEnd = line.indexOf(' ')
  const end = timeEnd < 0 ? line.length : timeEnd
  return Number.isNaN(readRfc3339(line, 0, end)) ? -1 : Math.min(line.length, end + 1)
}
