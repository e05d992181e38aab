/**
 * Progress on stderr for long runs, only when stderr is a terminal: one line,
 * rewritten at most ten times a second, erased when the stage is done, so
 * pipes and CI logs never see it.
 */
export type ProgressReporter = (stage: string, done: number, total: number) => void;

interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function terminalProgress(stream: Terminal = process.stderr, now: () => number = Date.now): ProgressReporter | undefined {
  if (!stream.isTTY) return undefined;
  let last = -Infinity;
  return (stage, done, total) => {
    const finished = done >= total;
    if (!finished && now() - last < 100) return;
    last = now();
    stream.write(finished ? '\r\x1b[K' : `\r\x1b[K${stage}… ${Math.floor((done / total) * 100)}%`);
  };
}
