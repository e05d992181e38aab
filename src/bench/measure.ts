/** Timing helpers for benchmarks: wall-clock milliseconds, medians, readable figures. */
export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function medianOf(runs: number, fn: () => void): number {
  return median(Array.from({ length: runs }, () => timeMs(fn)));
}

export function verdict(value: number, target: number): string {
  return value <= target ? 'met' : 'NOT met';
}

export function row(label: string, value: string, note = ''): string {
  return `  ${label.padEnd(52)} ${value.padStart(12)}  ${note}`.trimEnd();
}
