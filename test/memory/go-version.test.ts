import test from 'ava'
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {readGoVersion} from '../../src/memory/go-version.js'
import {buildProgram, goOrSkip} from '../helpers/go.js'

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-goversion-'))
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')

/**
 * A minimal ELF executable with one writable PT_LOAD segment holding a build info blob, as the Go
 * linker lays it out: `inline` (Go 1.18+: flags & 2, the version as a uvarint-prefixed string after
 * the 32-byte header) or pointers (Go 1.13–1.17: addresses of Go string headers {data, len}).
 */
function elf(version: string, options: {inline: boolean; is64: boolean; bigEndian: boolean}): Buffer {
  const {is64, bigEndian} = options
  const ptr = is64 ? 8 : 4
  const vaddr = 0x500000
  const dataOffset = 0x1000
  const data = Buffer.alloc(0x200)
  MAGIC.copy(data, 0)
  data[14] = ptr
  const put = (b: Buffer, o: number, v: number, size: number) => {
    if (size === 8) bigEndian ? b.writeBigUInt64BE(BigInt(v), o) : b.writeBigUInt64LE(BigInt(v), o)
    else if (size === 4) bigEndian ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o)
    else bigEndian ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o)
  }
  if (options.inline) {
    data[15] = 2 | (bigEndian ? 1 : 0)
    data[32] = version.length
    data.write(version, 33, 'latin1')
  } else {
    data[15] = bigEndian ? 1 : 0
    put(data, 16, vaddr + 0x40, ptr) // &runtime.buildVersion
    put(data, 16 + ptr, vaddr + 0x50, ptr) // &runtime.modinfo (empty)
    put(data, 0x40, vaddr + 0x60, ptr) // string header: data
    put(data, 0x40 + ptr, version.length, ptr) // string header: len
    data.write(version, 0x60, 'latin1')
  }
  const ehsize = is64 ? 64 : 52
  const phentsize = is64 ? 56 : 32
  const header = Buffer.alloc(dataOffset)
  header.write('\x7fELF', 0, 'latin1')
  header[4] = is64 ? 2 : 1
  header[5] = bigEndian ? 2 : 1
  header[6] = 1
  put(header, 16, 2, 2) // ET_EXEC
  put(header, 18, is64 ? 62 : 3, 2)
  put(header, 20, 1, 4)
  put(header, is64 ? 32 : 28, ehsize, is64 ? 8 : 4) // e_phoff
  put(header, is64 ? 52 : 40, ehsize, 2)
  put(header, is64 ? 54 : 42, phentsize, 2)
  put(header, is64 ? 56 : 44, 1, 2) // e_phnum
  const ph = ehsize
  put(header, ph, 1, 4) // PT_LOAD
  if (is64) {
    put(header, ph + 4, 6, 4) // PF_R | PF_W
    put(header, ph + 8, dataOffset, 8)
    put(header, ph + 16, vaddr, 8)
    put(header, ph + 24, vaddr, 8)
    put(header, ph + 32, data.length, 8)
    put(header, ph + 40, data.length, 8)
  } else {
    put(header, ph + 4, dataOffset, 4)
    put(header, ph + 8, vaddr, 4)
    put(header, ph + 12, vaddr, 4)
    put(header, ph + 16, data.length, 4)
    put(header, ph + 20, data.length, 4)
    put(header, ph + 24, 6, 4)
  }
  return Buffer.concat([header, data])
}

function file(name: string, bytes: Buffer | string): string {
  const path = join(tmp, name)
  writeFileSync(path, bytes)
  return path
}

test('Go 1.18+ layout: the version inline after the header', (t) => {
  t.deepEqual(readGoVersion(file('inline64', elf('go1.21.3', {inline: true, is64: true, bigEndian: false}))), {version: 'go1.21.3'})
})

test('Go 1.13–1.17 layout: pointers to string headers, 64-bit little-endian and 32-bit big-endian', (t) => {
  t.deepEqual(readGoVersion(file('ptr64', elf('go1.16.15', {inline: false, is64: true, bigEndian: false}))), {version: 'go1.16.15'})
  t.deepEqual(readGoVersion(file('ptr32be', elf('go1.13', {inline: false, is64: false, bigEndian: true}))), {version: 'go1.13'})
})

test('not Go: an ELF without build info, a script, an empty file; unreadable: a missing file', (t) => {
  t.deepEqual(readGoVersion(process.execPath), {version: null, reason: 'not-go'})
  t.deepEqual(readGoVersion(file('script.sh', '#!/bin/sh\necho hi\n')), {version: null, reason: 'not-go'})
  t.deepEqual(readGoVersion(file('empty', '')), {version: null, reason: 'not-go'})
  t.deepEqual(readGoVersion(join(tmp, 'missing')), {version: null, reason: 'unreadable'})
})

test('another format (Mach-O, PE): an inline blob is found by scanning the file', (t) => {
  const blob = Buffer.alloc(64)
  MAGIC.copy(blob, 0)
  blob[14] = 8
  blob[15] = 2
  blob[32] = 8
  blob.write('go1.22.1', 33)
  const macho = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(4092), blob])
  t.deepEqual(readGoVersion(file('macho', macho)), {version: 'go1.22.1'})
})

test('a real Go 1.19 binary, and the go command itself: the version `go version` prints', async (t) => {
  const go = goOrSkip(t)
  if (go === undefined) return
  const binary = await buildProgram('exit-code')
  const expected = execFileSync(go, ['version', binary], {encoding: 'utf8'}).trim().split(' ').at(-1)
  t.deepEqual(readGoVersion(binary), {version: expected as string})
  t.regex(expected as string, /^go1\.19\./)
  if (existsSync(go)) t.deepEqual(readGoVersion(go), {version: expected as string})
})
