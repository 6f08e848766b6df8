// gctrace as a user runs it: the built CLI in a child process, stdin closed, output as text.
import {execFile} from 'node:child_process'

import {runBin} from './paths.js'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export function gctrace(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [runBin, ...args], {maxBuffer: 256 * 1024 * 1024, encoding: 'utf8'}, (error, stdout, stderr) => {
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr})
    })
    child.stdin?.end('')
  })
}
