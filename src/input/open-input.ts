// Opens what the user named — a file, `-`, or piped stdin — as a stream of bytes, decompressing
// gzip on the fly when the first bytes say it is gzip (whatever the file is called).
import {once} from 'node:events'
import {closeSync, createReadStream, openSync, readSync} from 'node:fs'
import {stat} from 'node:fs/promises'
import type {Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'

import {InputError} from '../errors.js'

export interface Input {
  /** What to call the input in messages: the path, or "stdin". */
  name: string
  /** Size on disk in bytes (compressed size for gzip); null for pipes. */
  sizeBytes: number | null
  /** Decoded bytes, in chunks. */
  chunks: AsyncIterable<Buffer>
  /** Bytes read from the source so far (before decompression), for progress. */
  bytesRead(): number
  /**
   * Hands a chunk back once nothing holds a view of it: a regular file's next chunk is then read
   * into the same memory. Optional for the caller; a chunk that did not come from the file as
   * read (gunzip's output, a pipe's) is not taken back.
   */
  recycle(chunk: Buffer): void
}

/**
 * Read size. A batch of lines lives while its lines are parsed, long enough for V8 to promote
 * it to the old generation when it is large: with 1 MiB chunks every batch became old garbage,
 * and analyze of 1 M cycles peaked ~60 MB higher than with 64 KiB, at the same speed.
 */
const CHUNK_BYTES = 64 << 10
const GZIP_MAGIC = [0x1f, 0x8b] as const

/** Opens `path` ('-' for stdin). Throws InputError with a one-line message for what cannot be read. */
export async function openInput(path: string, stdin: Readable = process.stdin): Promise<Input> {
  if (path === '-') return fromStream('stdin', null, stdin)
  let size: number
  let regular: boolean
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new InputError(`${path} is a directory; give a trace file`)
    size = info.size
    regular = info.isFile()
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(describeFsError(path, error))
  }
  if (regular) {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch (error) {
      throw new InputError(describeFsError(path, error))
    }
    let read = 0
    const reading = new FileChunks(fd, path, (bytes) => (read += bytes))
    return {name: path, sizeBytes: size, chunks: gunzipIfCompressed(reading.chunks(), path), bytesRead: () => read, recycle: (chunk) => reading.recycle(chunk)}
  }
  // A pipe, a FIFO, a terminal (`<(…)`, /dev/stdin): a read there waits for the writer, so it
  // must not block the event loop.
  const stream = createReadStream(path, {highWaterMark: CHUNK_BYTES})
  // Surface "cannot open" now, as a one-line error, rather than from inside the parse loop.
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', (error) => reject(new InputError(describeFsError(path, error))))
  })
  return fromStream(path, size, stream)
}

function fromStream(name: string, sizeBytes: number | null, stream: Readable): Input {
  let read = 0
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
        read += buffer.length
        yield buffer
      }
    } catch (error) {
      throw new InputError(describeFsError(name, error))
    }
  }
  return {name, sizeBytes, chunks: gunzipIfCompressed(counted(), name), bytesRead: () => read, recycle: () => {}}
}

/**
 * A regular file's chunks, read synchronously, with a turn of the event loop between two. Through
 * a ReadStream each chunk also waited for a thread of the pool and its callback: iterating the
 * 339 MB bench input took 220–360 ms as a stream and 90–140 ms this way, and the parse of it
 * spent ~0.3 s idle waiting for chunks (docs/benchmarks.md, item 16). The turn is kept for timers,
 * signal handlers and V8's own tasks: without it the JavaScript heap grew ~20 MB larger (its young
 * generation), for no gain in time.
 *
 * A chunk handed back (recycle) is read into again: a fresh 64 KiB each time is new memory to
 * fault in and, once the parse has read it, garbage outside the heap — the same file read into one
 * buffer took ~95 ms against ~195 ms (docs/benchmarks.md, item 19).
 */
class FileChunks {
  private spare: Buffer | undefined
  private last: Buffer | undefined

  constructor(
    private readonly fd: number,
    private readonly name: string,
    private readonly counted: (bytes: number) => void,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const buffer = this.spare ?? Buffer.allocUnsafe(CHUNK_BYTES)
        this.spare = undefined
        let bytes: number
        try {
          bytes = readSync(this.fd, buffer, 0, CHUNK_BYTES, null)
        } catch (error) {
          throw new InputError(describeFsError(this.name, error))
        }
        if (bytes === 0) return
        this.counted(bytes)
        this.last = buffer
        yield bytes === CHUNK_BYTES ? buffer : buffer.subarray(0, bytes)
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      closeSync(this.fd)
    }
  }

  /** Only the chunk last read, whole: anything else may still be another's. */
  recycle(chunk: Buffer): void {
    if (chunk === this.last) this.spare = chunk
    this.last = undefined
  }
}

/** Passes chunks through, or through gunzip when the stream starts with gzip's magic bytes. */
async function* gunzipIfCompressed(source: AsyncGenerator<Buffer>, name: string): AsyncGenerator<Buffer> {
  // Gather at least the two magic bytes (a pipe may deliver a single byte first).
  const head: Buffer[] = []
  let headBytes = 0
  while (headBytes < GZIP_MAGIC.length) {
    const next = await source.next()
    if (next.done) break
    head.push(next.value)
    headBytes += next.value.length
  }
  const first = Buffer.concat(head)
  if (first[0] !== GZIP_MAGIC[0] || first[1] !== GZIP_MAGIC[1]) {
    if (first.length > 0) yield first
    yield* source
    return
  }
  const gunzip = createGunzip({chunkSize: CHUNK_BYTES})
  const feeding = (async () => {
    try {
      if (!gunzip.write(first)) await once(gunzip, 'drain')
      for await (const chunk of source) if (!gunzip.write(chunk)) await once(gunzip, 'drain')
      gunzip.end()
    } catch (error) {
      gunzip.destroy(error as Error)
    }
  })()
  try {
    for await (const chunk of gunzip) yield chunk as Buffer
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${name}: not a valid gzip stream (${(error as Error).message})`)
  }
  await feeding
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file`
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`
    case 'EISDIR':
      return `${path} is a directory; give a trace file`
    default:
      return `${path}: cannot read (${(error as Error).message ?? String(error)})`
  }
}
