/** Documented exit codes, the same for every command. */
export const EXIT = {
  ok: 0,
  /** A finding: invalid input, a denied connection, a difference. */
  finding: 1,
  /** Usage error, or input that could not be read. */
  usage: 2,
  /** The reader of the output went away (`| head`): what the shell reports for a process killed by SIGPIPE, 128 + 13. */
  brokenPipe: 141,
  /** `agent --once`: nft refused the ruleset (not root, no nftables, a kernel without a feature). */
  refused: 3,
} as const;

/** Thrown for errors that are the user's to fix; main prints them and exits 2. */
export class UsageError extends Error {}
