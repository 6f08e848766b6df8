// What the commands need to know about the terminal: colour, and a progress line on stderr.
import type {WriteStream} from 'node:tty'

/** Colour only on a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '')
}

/** Redraws at most this often. */
const REDRAW_MS = 250

/**
 * A one-line progress display on a TTY (`reading trace.log: 45.2 of 120.0 MB (38%), 123,456
 * cycles`); a no-op elsewhere, so pipes and files never receive control characters.
 */
export function createProgress(stream: NodeJS.WriteStream, label: string, totalBytes: number | null) {
  const tty = stream.isTTY === true ? (stream as WriteStream) : undefined
  let lastDraw = 0
  let drawn = false
  return {
    update(bytesRead: number, cycles: number): void {
      if (tty === undefined) return
      const now = Date.now()
      if (now - lastDraw < REDRAW_MS) return
      lastDraw = now
      const mb = (b: number) => (b / 1e6).toFixed(1)
      const of = totalBytes === null ? `${mb(bytesRead)} MB` : `${mb(bytesRead)} of ${mb(totalBytes)} MB (${Math.floor((bytesRead / Math.max(1, totalBytes)) * 100)}%)`
      tty.write(`\r\u001B[2Kreading ${label}: ${of}, ${cycles.toLocaleString('en-US')} cycles`)
      drawn = true
    },
    done(): void {
      if (tty !== undefined && drawn) tty.write('\r\u001B[2K')
    },
  }
}
