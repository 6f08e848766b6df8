// What a recording notes about the machine: kernel, transparent huge pages, the process's environment.
import {readFileSync} from 'node:fs'

import {recordedEnvironment} from './godebug.js'

/** /sys/kernel/mm/transparent_hugepage/enabled (`always [madvise] never`); null where there is none. */
export function readThp(): string | null {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').trim()
  } catch {
    return null
  }
}

/** The recorded variables of a running process's environment (/proc/PID/environ); null when unreadable. */
export function processEnvironment(pid: number): Record<string, string | null> | null {
  try {
    const env: NodeJS.ProcessEnv = {}
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = entry.indexOf('=')
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1)
    }
    return recordedEnvironment(env)
  } catch {
    return null
  }
}
