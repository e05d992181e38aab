/**
 * nft(8) kept running (`nft -i`), so that a transaction costs what nft does,
 * not a process start: on the 2-core build machine a small change takes
 * about 2 ms this way and 20 ms as `nft -f -`.
 *
 * nft runs each line it reads as one batch, all of it or nothing, as `nft -f`
 * runs a file. After each transaction comes a line that is not a command:
 * nft's syntax error for it, on stderr (which nft does not buffer), marks the
 * end of the transaction's output, and an error before the mark is the
 * transaction's. When `nft -i` is not there (nft built without its
 * interactive mode) each transaction starts `nft -f -` instead.
 *
 * nft reads its input line a character at a time (about 1 µs a byte here):
 * a script longer than `longScriptBytes`, such as a whole table, goes to
 * `nft -f -`, which is then the faster.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { applyScript } from './nft.js';

export interface NftShellOptions {
  /** The command that runs nft (default `nft`); tests run it in a network namespace. */
  command?: string[];
  /** A transaction that gets no answer in this time fails, and nft is started again. */
  timeoutMs?: number;
  /** Scripts longer than this go to `nft -f -` (default 16 KiB, where the two cost about the same here). */
  longScriptBytes?: number;
  /** nft is started afresh after this many bytes of transactions: its line history grows with every line. */
  restartAfterBytes?: number;
}

interface Pending {
  marker: string;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class NftShell {
  private child: ChildProcess | undefined;
  private stderr = '';
  private pending: Pending | undefined;
  private written = 0;
  private count = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** nft has no interactive mode: every transaction starts `nft -f -`. */
  private oneShot = false;
  private readonly command: string[];
  private readonly timeoutMs: number;
  private readonly longScriptBytes: number;
  private readonly restartAfterBytes: number;

  constructor(opts: NftShellOptions = {}) {
    this.command = opts.command ?? ['nft'];
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.longScriptBytes = opts.longScriptBytes ?? 16 * 2 ** 10;
    this.restartAfterBytes = opts.restartAfterBytes ?? 64 * 2 ** 20;
  }

  /** Runs a script (as `nft -f` takes it) as one transaction, after those before it; rejects with nft's errors in `stderr`. */
  apply(script: string): Promise<void> {
    const run = this.queue.then(() => this.transaction(script));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends nft; a later transaction starts it again. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    child?.stdin?.end();
    child?.kill();
  }

  private async transaction(script: string): Promise<void> {
    if (this.oneShot || script.length > this.longScriptBytes) return applyScript(script, this.command);
    if (this.child && this.written > this.restartAfterBytes) this.close();
    if (!this.child && !(await this.start())) return applyScript(script, this.command);
    const line = oneLine(script);
    this.written += line.length;
    return this.send(line);
  }

  /** Starts `nft -i` and waits for its first mark; false when nft has no interactive mode (or will not run it). */
  private async start(): Promise<boolean> {
    const [command, ...args] = this.command;
    const child = spawn(command!, [...args, '-i'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its line history is written to $HOME/.nft.history on exit: nowhere.
      env: { ...process.env, HOME: '/nonexistent' },
    });
    this.child = child;
    this.stderr = '';
    this.written = 0;
    child.stdout!.resume();
    child.stdin!.on('error', () => undefined);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => this.heard(d));
    const gone = (why: string) => {
      if (this.child === child) this.child = undefined;
      this.fail(new Error(`nft -i ended: ${why}${this.stderr.trim() ? `: ${this.stderr.trim()}` : ''}`));
    };
    child.on('error', (e) => gone(e.message));
    child.on('exit', (code, signal) => gone(signal ? `signal ${signal}` : `exit ${code}`));
    try {
      await this.send('');
      return true;
    } catch (e) {
      // nft is missing altogether: `nft -f -` would fail alike, and says so.
      if ((e as Error).message.includes('ENOENT')) throw e;
      this.close();
      this.oneShot = true;
      return false;
    }
  }

  private send(line: string): Promise<void> {
    const child = this.child!;
    const marker = `palisade_transaction_end_${++this.count}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`nft gave no answer in ${this.timeoutMs} ms`));
        this.close();
      }, this.timeoutMs);
      this.pending = { marker, resolve, reject, timer };
      child.stdin!.write(`${line}\n${marker}\n`);
    });
  }

  private heard(text: string): void {
    this.stderr += text;
    const p = this.pending;
    if (!p) return;
    // The mark's own error: `Error: syntax error, ...`, the line, and a line of carets under it.
    const end = new RegExp(`(^|\\n)Error:[^\\n]*\\n${p.marker}\\n[ ^]*\\n`).exec(this.stderr);
    if (!end) return;
    const before = this.stderr.slice(0, end.index).replace(/^[ ^]*\n/, '').trim();
    this.stderr = this.stderr.slice(end.index + end[0].length);
    this.pending = undefined;
    clearTimeout(p.timer);
    // Anything else nft says (a warning) leaves the transaction done.
    if (before.includes('Error:')) p.reject(Object.assign(new Error(`nft refused the transaction: ${before}`), { stderr: before }));
    else p.resolve();
  }

  private fail(e: Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.reject(e);
  }
}

/**
 * A script as nft(8) reads it from a file, on one line: comments dropped,
 * and each line break made the statement separator it stands for (`;`), or
 * a space inside a list or after an opening brace.
 */
export function oneLine(script: string): string {
  let out = '';
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (out === '') out = line;
    else out += /[{,;]$/.test(out) ? ` ${line}` : `; ${line}`;
  }
  return out;
}
