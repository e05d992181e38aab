/**
 * The ruleset as nft(8) text: one `table inet palisade`, replaced whole in
 * one transaction (`add table` + `delete table` + the table, in one file
 * given to `nft -f`), so no packet ever sees half a ruleset.
 */
import type { Ruleset } from './ruleset.js';

export function rulesetText(r: Ruleset): string {
  const lines: string[] = [
    `# Palisade NetworkPolicy ruleset${r.node ? ` for node ${r.node}` : ' for all pods'}; generated, do not edit.`,
    `table inet ${r.table} {`,
  ];
  for (const s of r.sets) {
    lines.push(`\tset ${s.name} {`, `\t\ttype ${s.type}`);
    if (s.interval) lines.push('\t\tflags interval');
    if (s.elements.length) lines.push(`\t\telements = { ${s.elements.join(',\n\t\t\t     ')} }`);
    lines.push('\t}');
  }
  for (const m of r.maps) {
    lines.push(`\tmap ${m.name} {`, `\t\ttype ${m.family === 4 ? 'ipv4_addr' : 'ipv6_addr'} : verdict`);
    if (m.elements.length) lines.push(`\t\telements = { ${m.elements.map(([ip, chain]) => `${ip} : jump ${chain}`).join(',\n\t\t\t     ')} }`);
    lines.push('\t}');
  }
  for (const c of r.chains) {
    lines.push(`\tchain ${c.name} {`, ...c.rules.map((rule) => `\t\t${rule}`), '\t}');
  }
  lines.push(
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    '\t\tct state established,related accept',
    '\t\tip saddr vmap @egress4',
    '\t\tip6 saddr vmap @egress6',
    '\t\tip daddr vmap @ingress4',
    '\t\tip6 daddr vmap @ingress6',
    '\t}',
    '}',
  );
  return lines.join('\n') + '\n';
}

/** A file for `nft -f` that replaces Palisade's table atomically, whether or not it exists. */
export function replaceTableScript(r: Ruleset): string {
  return `add table inet ${r.table}\ndelete table inet ${r.table}\n${rulesetText(r)}`;
}
