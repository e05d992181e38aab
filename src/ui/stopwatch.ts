/** Milliseconds per phase of a piece of work, each from the end of the one before: the timings the worker's answers carry. */
export function stopwatch(): { timings: Record<string, number>; lap(phase: string): void } {
  const timings: Record<string, number> = {};
  let start = performance.now();
  return {
    timings,
    lap(phase) {
      const now = performance.now();
      timings[phase] = Math.round(now - start);
      start = now;
    },
  };
}
