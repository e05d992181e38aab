/** Who can reach an endpoint and what it can reach, for people: `palisade reach` and the UI's inspector. */
import { portQueryText } from '../../engine/ports.js';
import type { Reach } from '../../engine/reach.js';
import type { PodEndpoint } from '../../engine/types.js';
import { color } from './color.js';

export function reachText(target: PodEndpoint, incoming: Reach[], outgoing: Reach[]): string {
  return [color.bold(`Who can reach ${target.ref}`), ...incoming.map(formatReach), '', color.bold(`What ${target.ref} can reach`), ...outgoing.map(formatReach)].join('\n');
}

function formatReach(r: Reach): string {
  const lines = [`  ${portQueryText(r.port)}`];
  const none = r.namespaces.length + r.endpoints.length === 0;
  if (r.namespaces.length) lines.push(`    namespaces: ${r.namespaces.join(', ')} (every pod)`);
  if (r.endpoints.length) lines.push(`    pods:       ${r.endpoints.join(', ')}`);
  if (none) lines.push(`    pods:       ${color.dim('none')}`);
  lines.push(`    addresses:  ${r.addressText === 'any' ? 'any address outside the cluster' : r.addressText || color.dim('none')}`);
  return lines.join('\n');
}
