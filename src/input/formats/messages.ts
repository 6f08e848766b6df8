// Every sentence the log-format stage says, in one place (tests assert them).
import type {LogFormat} from '../log-format.js'

/** Each format as the user knows it. */
export const LOG_FORMAT_TEXT: Record<LogFormat, string> = {
  plain: 'plain text',
  'docker-json': 'Docker json-file ({"log":…,"stream":…,"time":…})',
  cri: 'CRI (<RFC 3339 time> stdout|stderr P|F <text>)',
  rfc3339: 'RFC 3339-timestamped (kubectl logs --timestamps, docker logs -t)',
  'journald-short': 'journalctl -o short/short-precise/short-iso (<time> <host> <identifier>: <text>)',
  'journald-json': 'journalctl -o json ({"MESSAGE":…,"__REALTIME_TIMESTAMP":…})',
}

const QUOTED = 60

export const logFormatMessages = {
  unknownFormat: (text: string, known: readonly string[]) => `--format takes one of ${known.join(', ')}, not "${text}"`,
  severalNotFiles: (path: string) => `${path}: several inputs are read as the rotated files of one process, so each must be a file (not - or a recording folder)`,
  notThatFormat: (name: string, line: number, format: LogFormat, text: string) =>
    `${name} line ${line} is not a ${LOG_FORMAT_TEXT[format]} line, as --format ${format} says: ${JSON.stringify(text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text)}`,
  malformed: (count: number, format: LogFormat, firstLine: number) =>
    count === 1
      ? `1 line does not have the ${format} shape (line ${firstLine}): kept as it is, as program output`
      : `${count} lines do not have the ${format} shape (the first is line ${firstLine}): kept as they are, as program output`,
  piecesJoined: (pieces: number) => `${pieces} partial ${pieces === 1 ? 'piece' : 'pieces'} joined onto the line ${pieces === 1 ? 'it continues' : 'they continue'}`,
  yearAssumed: (year: number) => `journalctl's short times carry no year: ${year} assumed (give --process-start to set it), and read as UTC`,
  severalProcesses: (count: number) => `the journal holds ${count} processes (_PID): each restart starts a new segment`,
}
