// The memory cgroup a process is charged to: what the OOM killer of a container looks at.
//
// cgroup v2 (the unified hierarchy): memory.current, memory.max, and anon/file of memory.stat, in
// the process's cgroup (`0::PATH` in /proc/PID/cgroup) under the cgroup2 mount. The root cgroup
// has no memory files: a process there is not in a memory cgroup that limits it.
// cgroup v1 (hybrid hosts, older container runtimes), when no v2 memory cgroup is found: the
// memory controller's memory.usage_in_bytes, memory.limit_in_bytes, and total_rss/total_cache
// of memory.stat (v1's names for anon and file, including child cgroups as v2 counts them).
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

/** One reading, KiB. `maxKiB` is null when the cgroup has no limit. */
export interface CgroupReading {
  currentKiB: number
  maxKiB: number | null
  anonKiB: number | null
  fileKiB: number | null
}

export interface CgroupMemory {
  version: 1 | 2
  /** The cgroup's directory. */
  dir: string
  /** The cgroup path as /proc/PID/cgroup names it. */
  path: string
  /** Null when the files cannot be read (the cgroup went away). */
  read(): CgroupReading | null
}

/** A v1 limit this large is "no limit" (PAGE_COUNTER_MAX pages, rounded). */
const V1_UNLIMITED = 2 ** 62

/** The memory cgroup of `pid` ('self' for this process), or null when it is in none that counts memory. */
export function findCgroupMemory(pid: number | 'self', procRoot = '/proc'): CgroupMemory | null {
  let membership: string
  let mountinfo: string
  try {
    membership = readFileSync(join(procRoot, String(pid), 'cgroup'), 'utf8')
    mountinfo = readFileSync(join(procRoot, 'self', 'mountinfo'), 'utf8')
  } catch {
    return null
  }
  const mounts = parseMountinfo(mountinfo)
  const lines = membership.split('\n').filter((l) => l !== '')
  const v2Path = lines.find((l) => l.startsWith('0::'))?.slice(3)
  if (v2Path !== undefined) {
    for (const mount of mounts.filter((m) => m.fsType === 'cgroup2')) {
      const dir = cgroupDir(mount, v2Path)
      if (dir !== undefined && readable(join(dir, 'memory.current'))) return v2(dir, v2Path)
    }
  }
  for (const line of lines) {
    const [, controllers, path] = line.split(':', 3) as [string, string | undefined, string | undefined]
    if (controllers === undefined || path === undefined || !controllers.split(',').includes('memory')) continue
    for (const mount of mounts.filter((m) => m.fsType === 'cgroup' && m.superOptions.split(',').includes('memory'))) {
      const dir = cgroupDir(mount, path)
      if (dir !== undefined && readable(join(dir, 'memory.usage_in_bytes'))) return v1(dir, path)
    }
  }
  return null
}

function v2(dir: string, path: string): CgroupMemory {
  return {
    version: 2,
    dir,
    path,
    read() {
      try {
        const current = Number(readFileSync(join(dir, 'memory.current'), 'utf8').trim())
        const maxText = readFileSync(join(dir, 'memory.max'), 'utf8').trim()
        const stat = statFields(readFileSync(join(dir, 'memory.stat'), 'utf8'))
        return {
          currentKiB: kib(current),
          maxKiB: maxText === 'max' ? null : kib(Number(maxText)),
          anonKiB: stat.anon === undefined ? null : kib(stat.anon),
          fileKiB: stat.file === undefined ? null : kib(stat.file),
        }
      } catch {
        return null
      }
    },
  }
}

function v1(dir: string, path: string): CgroupMemory {
  return {
    version: 1,
    dir,
    path,
    read() {
      try {
        const current = Number(readFileSync(join(dir, 'memory.usage_in_bytes'), 'utf8').trim())
        const limit = Number(readFileSync(join(dir, 'memory.limit_in_bytes'), 'utf8').trim())
        const stat = statFields(readFileSync(join(dir, 'memory.stat'), 'utf8'))
        const anon = stat.total_rss ?? stat.rss
        const file = stat.total_cache ?? stat.cache
        return {
          currentKiB: kib(current),
          maxKiB: !Number.isFinite(limit) || limit >= V1_UNLIMITED ? null : kib(limit),
          anonKiB: anon === undefined ? null : kib(anon),
          fileKiB: file === undefined ? null : kib(file),
        }
      } catch {
        return null
      }
    },
  }
}

interface Mount {
  root: string
  mountPoint: string
  fsType: string
  superOptions: string
}

/** /proc/self/mountinfo: `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = []
  for (const line of text.split('\n')) {
    const fields = line.split(' ')
    const dash = fields.indexOf('-')
    if (dash < 5 || fields.length < dash + 4) continue
    mounts.push({root: unescape(fields[3] as string), mountPoint: unescape(fields[4] as string), fsType: fields[dash + 1] as string, superOptions: fields[dash + 3] as string})
  }
  return mounts
}

/** The directory of cgroup `path` under `mount`, or undefined when the mount does not show it. */
function cgroupDir(mount: Mount, path: string): string | undefined {
  // A mount of a sub-tree (a container's view) shows paths relative to its root.
  if (mount.root === '/') return join(mount.mountPoint, path)
  if (path === mount.root || path.startsWith(mount.root + '/')) return join(mount.mountPoint, path.slice(mount.root.length))
  // Inside a cgroup namespace /proc/PID/cgroup already counts from the namespace's root.
  return join(mount.mountPoint, path)
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
function unescape(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
}

function statFields(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ')
    if (space > 0) out[line.slice(0, space)] = Number(line.slice(space + 1))
  }
  return out
}

function readable(path: string): boolean {
  try {
    readFileSync(path)
    return true
  } catch {
    return false
  }
}

function kib(bytes: number): number {
  return Math.round(bytes / 1024)
}
