// Number formatting shared by the rules' sentences, so every finding says sizes and times alike.

/** "531 MiB", "12.5 MiB", "0.4 MiB". */
export function mib(value: number): string {
  const abs = Math.abs(value)
  return `${abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(1)} MiB`
}

/** "@133.0s". */
export function at(seconds: number): string {
  return `@${seconds.toFixed(1)}s`
}

/** "2.5 min", "45 s", "1.2 h". */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

/** "42%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`
}
