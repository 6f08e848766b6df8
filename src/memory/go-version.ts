// The Go version an executable was built with, read from the build info the linker leaves in
// every Go binary (what `go version BINARY` prints), so that advice can be version-exact.
//
// The blob starts with a 16-byte header — "\xff Go buildinf:" (14 bytes), the pointer size, and
// a flags byte — aligned to 16 bytes, near the start of the data segment (ELF: its own
// `.go.buildinfo` section). Then, after the 32-byte header:
//   flags & 2 (Go 1.18+): the version string inline, as a uvarint length and the bytes;
//   otherwise (Go 1.13–1.17): two pointers (runtime.buildVersion, runtime.modinfo) to Go string
//   headers {data pointer, length}, which need the file's address → offset map (ELF only here).
// Layout as read by golang/go src/debug/buildinfo/buildinfo.go (readRawBuildInfo).
import {closeSync, fstatSync, openSync, readSync} from 'node:fs'

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
const HEADER_BYTES = 32
const ALIGN = 16
/** The blob lies in the first 64 KiB of the data segment (the reader in Go looks no further). */
const SEARCH_BYTES = 64 * 1024
/** Without a format we know, the whole file is scanned for an inline blob, up to this size. */
const SCAN_LIMIT_BYTES = 512 << 20
const SCAN_CHUNK = 4 << 20

/** What was read from an executable: the version (`go1.19.8`), or why there is none. */
export type GoVersionResult = {version: string} | {version: null; reason: 'not-go' | 'unreadable' | 'unknown-format'}

/** The Go version of the executable at `path`; never throws. */
export function readGoVersion(path: string): GoVersionResult {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return {version: null, reason: 'unreadable'}
  }
  try {
    const file = new FileReader(fd)
    const ident = file.read(0, 16)
    if (ident.length < 16) return {version: null, reason: 'not-go'}
    if (ident[0] === 0x7f && ident.toString('latin1', 1, 4) === 'ELF') {
      const version = readElf(file)
      if (version !== undefined) return version === null ? {version: null, reason: 'not-go'} : {version}
    }
    // Mach-O, PE, or an ELF we could not walk: an inline (Go 1.18+) blob can be found by scanning.
    const scanned = scanInline(file)
    if (scanned !== undefined) return scanned === null ? {version: null, reason: 'unknown-format'} : {version: scanned}
    return {version: null, reason: 'not-go'}
  } catch {
    return {version: null, reason: 'unreadable'}
  } finally {
    closeSync(fd)
  }
}

/** Reads byte ranges of an open file. */
class FileReader {
  readonly size: number
  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size
  }

  read(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size) return Buffer.alloc(0)
    const n = Math.min(length, this.size - offset)
    const buffer = Buffer.alloc(n)
    let done = 0
    while (done < n) {
      const got = readSync(this.fd, buffer, done, n - done, offset + done)
      if (got === 0) break
      done += got
    }
    return buffer.subarray(0, done)
  }
}

interface Segment {
  vaddr: bigint
  offset: bigint
  filesz: bigint
}

/**
 * The version from an ELF file: a string, null when the file is ELF but holds no build info, or
 * undefined when the headers could not be walked.
 */
function readElf(file: FileReader): string | null | undefined {
  const ident = file.read(0, 64)
  const is64 = ident[4] === 2
  const little = ident[5] === 1
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2)) return undefined
  const u16 = (b: Buffer, o: number) => (little ? b.readUInt16LE(o) : b.readUInt16BE(o))
  const u32 = (b: Buffer, o: number) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o))
  const addr = (b: Buffer, o: number): bigint => (is64 ? (little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : BigInt(u32(b, o)))

  const header = file.read(0, is64 ? 64 : 52)
  if (header.length < (is64 ? 64 : 52)) return undefined
  const phoff = Number(addr(header, is64 ? 32 : 28))
  const shoff = Number(addr(header, is64 ? 40 : 32))
  const phentsize = u16(header, is64 ? 54 : 42)
  const phnum = u16(header, is64 ? 56 : 44)
  const shentsize = u16(header, is64 ? 58 : 46)
  const shnum = u16(header, is64 ? 60 : 48)
  const shstrndx = u16(header, is64 ? 62 : 50)

  const PT_LOAD = 1
  const PF_X = 1
  const PF_W = 2
  const segments: Segment[] = []
  let dataStart: bigint | undefined
  const ph = file.read(phoff, phentsize * phnum)
  for (let i = 0; i < phnum && (i + 1) * phentsize <= ph.length; i++) {
    const o = i * phentsize
    const type = u32(ph, o)
    const flags = is64 ? u32(ph, o + 4) : u32(ph, o + 24)
    const offset = is64 ? addr(ph, o + 8) : BigInt(u32(ph, o + 4))
    const vaddr = is64 ? addr(ph, o + 16) : BigInt(u32(ph, o + 8))
    const filesz = is64 ? addr(ph, o + 32) : BigInt(u32(ph, o + 16))
    segments.push({vaddr, offset, filesz})
    if (dataStart === undefined && type === PT_LOAD && (flags & (PF_X | PF_W)) === PF_W) dataStart = vaddr
  }

  // A `.go.buildinfo` section, when the section headers are there, wins over the first data segment.
  if (shnum > 0 && shoff > 0 && shstrndx < shnum) {
    const sh = file.read(shoff, shentsize * shnum)
    const sectionAt = (i: number) => {
      const o = i * shentsize
      return {name: u32(sh, o), addr: is64 ? addr(sh, o + 16) : BigInt(u32(sh, o + 12)), offset: Number(is64 ? addr(sh, o + 24) : BigInt(u32(sh, o + 16))), size: Number(is64 ? addr(sh, o + 32) : BigInt(u32(sh, o + 20)))}
    }
    if (sh.length >= shentsize * shnum) {
      const strtab = sectionAt(shstrndx)
      const names = file.read(strtab.offset, Math.min(strtab.size, 1 << 20))
      for (let i = 0; i < shnum; i++) {
        const s = sectionAt(i)
        const end = names.indexOf(0, s.name)
        if (names.toString('latin1', s.name, end < 0 ? names.length : end) === '.go.buildinfo') {
          dataStart = s.addr
          break
        }
      }
    }
  }
  if (dataStart === undefined) return null

  const readData = (vaddr: bigint, size: number): Buffer => {
    for (const s of segments) {
      if (s.filesz > 0n && s.vaddr <= vaddr && vaddr <= s.vaddr + s.filesz - 1n) {
        const n = Math.min(size, Number(s.vaddr + s.filesz - vaddr))
        return file.read(Number(s.offset + (vaddr - s.vaddr)), n)
      }
    }
    return Buffer.alloc(0)
  }

  const data = readData(dataStart, SEARCH_BYTES)
  const at = findAlignedMagic(data, 0)
  if (at < 0) return null
  const blob = data.subarray(at)
  const flags = blob[15] as number
  if ((flags & 2) !== 0) return decodeString(blob.subarray(HEADER_BYTES)) ?? null
  // Go 1.13–1.17: pointers to string headers.
  const ptrSize = blob[14] as number
  const big = flags !== 0
  const readPtr = (b: Buffer, o: number): bigint => {
    if (ptrSize === 4) return BigInt(big ? b.readUInt32BE(o) : b.readUInt32LE(o))
    return big ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o)
  }
  if (ptrSize !== 4 && ptrSize !== 8) return null
  const versionHeader = readData(readPtr(blob, 16), 2 * ptrSize)
  if (versionHeader.length < 2 * ptrSize) return null
  const length = Number(readPtr(versionHeader, ptrSize))
  if (length <= 0 || length > 256) return null
  const text = readData(readPtr(versionHeader, 0), length)
  if (text.length < length) return null
  return validVersion(text.toString('latin1'))
}

/** Scans the file for an inline blob: its version, null when a blob with pointers was found, undefined when none. */
function scanInline(file: FileReader): string | null | undefined {
  const limit = Math.min(file.size, SCAN_LIMIT_BYTES)
  // Chunks overlap by a header's length, so that a blob across a chunk boundary is seen whole.
  for (let offset = 0; offset < limit; offset += SCAN_CHUNK) {
    const chunk = file.read(offset, SCAN_CHUNK + SEARCH_BYTES)
    const at = findAlignedMagic(chunk, offset)
    if (at < 0) continue
    const blob = chunk.subarray(at)
    if (((blob[15] as number) & 2) === 0) return null
    return decodeString(blob.subarray(HEADER_BYTES)) ?? null
  }
  return undefined
}

/** Index in `data` of the magic at a 16-byte-aligned position (counting from `base`), with a whole header after it; -1 when none. */
function findAlignedMagic(data: Buffer, base: number): number {
  let from = 0
  for (;;) {
    const i = data.indexOf(MAGIC, from)
    if (i < 0 || data.length - i < HEADER_BYTES) return -1
    if ((base + i) % ALIGN === 0) return i
    from = i + 1
  }
}

/** A uvarint-prefixed string, when it reads as a Go version. */
function decodeString(data: Buffer): string | undefined {
  let length = 0
  let shift = 0
  let i = 0
  for (; i < 10 && i < data.length; i++) {
    const byte = data[i] as number
    length += (byte & 0x7f) * 2 ** shift
    shift += 7
    if (byte < 0x80) break
  }
  i++
  if (length <= 0 || length > 256 || i + length > data.length) return undefined
  return validVersion(data.toString('latin1', i, i + length)) ?? undefined
}

/** `go1.19.8`, `go1.21rc2`, `devel go1.23-abc…`: kept when it names a Go release. */
function validVersion(text: string): string | null {
  return /go1(\.\d+)*/.test(text) && !/[\0\n]/.test(text) ? text : null
}
