/**
 * A verdict for people: the answer first, then each side's reason, then what
 * would change it. The words are the engine's (verdict-words); colour and
 * layout are the CLI's.
 */
import type { Engine } from '../../engine/engine.js';
import { portQueryText } from '../../engine/ports.js';
import type { Endpoint, PortQuery, SideVerdict, Verdict } from '../../engine/types.js';
import { clusterRuleName, endpointText, missedText, onlyIsolatesText, ruleAllowsText, ruleName, ruleRefText, sideReasonText, sideVerb, unknownText } from '../../engine/verdict-words.js';
import { AUDIT_MARK, color } from './color.js';

export function formatVerdict(engine: Engine, from: Endpoint, to: Endpoint, q: PortQuery, v: Verdict): string {
  return [`${answerText(v)}  ${endpointText(from)} → ${endpointText(to)} on ${portQueryText(q)}`, ...formatSide(engine, v.egress), ...formatSide(engine, v.ingress)].join('\n');
}

/** ALLOWED, DENIED or UNKNOWN, as the headline of a verdict says it. */
export function answerText(v: Pick<Verdict, 'allowed' | 'unknown'>): string {
  return v.allowed ? color.green(color.bold('ALLOWED')) : v.unknown ? color.yellow(color.bold('UNKNOWN')) : color.red(color.bold('DENIED'));
}

/**
 * Below an enforced verdict (check --include-audit): what enforcing the
 * audited policies would make of it. A changed answer comes with its
 * reasons, indented under the AUDIT line, from the engine that enforces them
 * (`withAudit`, with the endpoints as that engine has them).
 */
export function formatAuditVerdict(withAudit: Engine, from: Endpoint, to: Endpoint, q: PortQuery, enforced: Pick<Verdict, 'allowed'>, audit: Verdict): string {
  if (audit.allowed === enforced.allowed) return `${AUDIT_MARK}: enforcing the audited policies would not change this: still ${answerText(audit)}`;
  // The headline would repeat the connection: the AUDIT line gives the answer instead.
  const [, ...sides] = formatVerdict(withAudit, from, to, q, audit).split('\n');
  return [`${AUDIT_MARK}: with the audited policies enforced this would be ${answerText(audit)}`, ...sides.map((l) => `  ${l}`)].join('\n');
}

function formatSide(engine: Engine, side: SideVerdict): string[] {
  const missed = side.missedBy
    ? [
        `      ${missedText}`,
        ...side.missedBy.flatMap((m) => [
          `        ${clusterRuleName(m, side.direction)} ${color.dim(`(${ruleAllowsText(engine, m.policy, side.direction, m.rule)})`)}`,
          ...(m.reasons ?? []).map((reason) => `          - ${reason}`),
        ]),
      ]
    : [];
  const unknown = side.unknownBy ? [`      ${unknownText}`, ...side.unknownBy.map((r) => `        ${ruleRefText(engine, r)}`)] : [];
  return [...sideLines(engine, side), ...missed, ...unknown];
}

function sideLines(engine: Engine, side: SideVerdict): string[] {
  const mark = side.allowed ? color.green(sideVerb(side)) : color.red(sideVerb(side));
  const head = [`  ${side.direction.padEnd(7)} ${side.endpoint}: ${mark}: ${sideReasonText(side)}`, ...(side.passedBy ?? []).map((r) => `      ${ruleRefText(engine, r)}`)];
  switch (side.reason) {
    case 'allowed-by-rule':
      return [...head, ...side.allowedBy.map((r) => `      ${ruleRefText(engine, r)}`)];
    case 'denied-by-rule':
      return [...head, `      ${ruleRefText(engine, side.deniedBy!)}`];
    case 'no-rule-matched':
      return [
        ...head,
        ...side.denials.flatMap((d) => {
          if (d.rules.length === 0) return [`      ${onlyIsolatesText(d.policy, side.direction)}`];
          return d.rules.flatMap((r) => [
            `      ${ruleName(d.policy, side.direction, r.rule)} ${color.dim(`(${ruleAllowsText(engine, d.policy, side.direction, r.rule)})`)}`,
            ...(r.reasons ?? []).map((reason) => `        - ${reason}`),
          ]);
        }),
      ];
    default:
      return head;
  }
}
