/**
 * The ruleset as nft(8) text: one `table inet palisade`, replaced whole in
 * one transaction (`add table` + `delete table` + the table, in one file
 * given to `nft -f`), so no packet ever sees half a ruleset; or, from the
 * ruleset applied before, changed in one transaction by only what differs.
 */
import type { NftChain, NftSet, Ruleset } from './ruleset.js';

const NEIGHBOUR_DISCOVERY = 'icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, nd-redirect } accept';

export function rulesetText(r: Ruleset): string {
  const lines: string[] = [
    `# Palisade NetworkPolicy ruleset${r.node ? ` for node ${r.node}` : ' for all pods'}; generated, do not edit.`,
    `table inet ${r.table} {`,
  ];
  for (const s of r.sets) lines.push(...setLines(s));
  for (const m of r.maps) {
    lines.push(`\tmap ${m.name} {`, `\t\ttype ${m.family === 4 ? 'ipv4_addr' : 'ipv6_addr'} : verdict`);
    if (m.elements.length) lines.push(`\t\telements = { ${m.elements.map(([ip, chain]) => `${ip} : jump ${chain}`).join(',\n\t\t\t     ')} }`);
    lines.push('\t}');
  }
  for (const c of r.chains) lines.push(...chainLines(c));
  lines.push(
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    '\t\tct state established,related accept',
    '\t\tip saddr vmap @egress4',
    '\t\tip6 saddr vmap @egress6',
    '\t\tip daddr vmap @ingress4',
    '\t\tip6 daddr vmap @ingress6',
    '\t}',
    // Traffic between a pod and its own node never crosses forward: a pod's
    // egress to the node is judged on input, its ingress from the node on
    // output, with the chains for that traffic (see hostChain). Neighbour
    // discovery with the node is never a pod's connection.
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t\tct state established,related accept',
    `\t\t${NEIGHBOUR_DISCOVERY}`,
    '\t\tip saddr vmap @host_egress4',
    '\t\tip6 saddr vmap @host_egress6',
    '\t}',
    '\tchain output {',
    '\t\ttype filter hook output priority filter; policy accept;',
    '\t\tct state established,related accept',
    `\t\t${NEIGHBOUR_DISCOVERY}`,
    '\t\tip daddr vmap @host_ingress4',
    '\t\tip6 daddr vmap @host_ingress6',
    '\t}',
    '}',
  );
  return lines.join('\n') + '\n';
}

/** A file for `nft -f` that replaces Palisade's table atomically, whether or not it exists. */
export function replaceTableScript(r: Ruleset): string {
  return `add table inet ${r.table}\ndelete table inet ${r.table}\n${rulesetText(r)}`;
}

function setLines(s: NftSet): string[] {
  const lines = [`\tset ${s.name} {`, `\t\ttype ${s.type}`];
  if (s.interval) lines.push('\t\tflags interval');
  if (s.elements.length) lines.push(`\t\telements = { ${s.elements.join(',\n\t\t\t     ')} }`);
  return [...lines, '\t}'];
}

function chainLines(c: NftChain): string[] {
  return [`\tchain ${c.name} {`, ...c.rules.map((rule) => `\t\t${rule}`), '\t}'];
}

/**
 * A file for `nft -f` that turns the table holding `before` into `after` in
 * one transaction, touching only what differs. Sets and chains are named by
 * their content, so a name in both is the same object: new ones are added,
 * the dispatch maps are refilled, and those no longer used are flushed and
 * deleted last, once nothing refers to them. The base chains (forward, input,
 * output) and the maps themselves do not change between rulesets: every
 * ruleset has all of them.
 */
export function updateTableScript(before: Ruleset, after: Ruleset): string {
  const table = `inet ${after.table}`;
  const had = { sets: new Set(before.sets.map((s) => s.name)), chains: new Set(before.chains.map((c) => c.name)) };
  const keeps = { sets: new Set(after.sets.map((s) => s.name)), chains: new Set(after.chains.map((c) => c.name)) };
  const added = [...after.sets.filter((s) => !had.sets.has(s.name)).flatMap(setLines), ...after.chains.filter((c) => !had.chains.has(c.name)).flatMap(chainLines)];
  const lines = [`# Palisade NetworkPolicy ruleset${after.node ? ` for node ${after.node}` : ' for all pods'}: changes only; generated, do not edit.`];
  if (added.length > 0) lines.push(`table ${table} {`, ...added, '}');
  // Dispatch maps change element by element (a relabelled pod moves to another chain): the cost follows the change, not the node's pods.
  for (const m of after.maps) {
    const was = new Map(before.maps.find((p) => p.name === m.name)?.elements ?? []);
    const is = new Map(m.elements);
    const removed = [...was].filter(([ip, chain]) => is.get(ip) !== chain).map(([ip]) => ip);
    const added = m.elements.filter(([ip, chain]) => was.get(ip) !== chain);
    if (removed.length > 0) lines.push(`delete element ${table} ${m.name} { ${removed.join(', ')} }`);
    if (added.length > 0) lines.push(`add element ${table} ${m.name} { ${added.map(([ip, chain]) => `${ip} : jump ${chain}`).join(', ')} }`);
  }
  // A passing chain goes to another chain: flushing every chain that goes
  // first drops those references, so the deletes succeed in any order.
  const gone = before.chains.filter((c) => !keeps.chains.has(c.name));
  for (const c of gone) lines.push(`flush chain ${table} ${c.name}`);
  for (const c of gone) lines.push(`delete chain ${table} ${c.name}`);
  for (const s of before.sets) if (!keeps.sets.has(s.name)) lines.push(`delete set ${table} ${s.name}`);
  return lines.join('\n') + '\n';
}
