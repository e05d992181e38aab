/** How the node ruleset names and describes what it writes, within what nft(8) takes. */
import { hash as digest } from 'node:crypto';

/** A name from what decides its content: 12 hex digits of its SHA-256. */
export function hash(text: string): string {
  return digest('sha256', text, 'hex').slice(0, 12);
}

/** nft(8) refuses a comment longer than this, and with it the whole transaction. */
export const MAX_COMMENT = 128;

/**
 * `SUBJECT` then `where` (` ingress[0]`, ...), the subject cut short in the
 * middle when the whole would be too long for nft (a policy's namespace and
 * name may be 63 and 253 characters): both ends of it and all of `where`
 * stay readable.
 */
export function commentText(subject: string, where: string): string {
  if (subject.length + where.length <= MAX_COMMENT) return `${subject}${where}`;
  const room = MAX_COMMENT - where.length - 3;
  const head = Math.ceil(room / 2);
  return `${subject.slice(0, head)}...${subject.slice(subject.length - (room - head))}${where}`;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
