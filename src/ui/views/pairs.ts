/** The questions a group stands for: its first pod, and towards a group, that group's first other pod (as the truth table decides a group's cell). */
import type { Loaded, Request } from '../protocol.js';

export function pairRequest(loaded: Loaded, from: number, to: number, port: number): Request {
  const source = loaded.groups[from]!.members[0]!;
  const targets = loaded.groups[to]!.members;
  return { type: 'check', from: source, to: targets.find((m) => m !== source) ?? targets[0]!, port };
}

/** A group's first pod, with the others listed. */
export function groupRequest(loaded: Loaded, group: number, port: number): Request {
  const { members } = loaded.groups[group]!;
  return { type: 'endpoint', endpoint: members[0]!, port, group: members };
}
