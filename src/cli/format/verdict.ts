/**
 * A verdict for people: the answer first, then each side's reason, then what
 * would change it. The words are the engine's (verdict-words); colour and
 * layout are the CLI's.
 */
import type { Engine } from '../../engine/engine.js';
import { portQueryText } from '../../engine/ports.js';
import type { Endpoint, PortQuery, SideVerdict, Verdict } from '../../engine/types.js';
import { clusterRuleName, endpointText, missedText, onlyIsolatesText, ruleAllowsText, ruleName, ruleRefText, sideReasonText, sideVerb, unknownText } from '../../engine/verdict-words.js';
import { color } from './color.js';

export function formatVerdict(engine: Engine, from: Endpoint, to: Endpoint, q: PortQuery, v: Verdict): string {
  const answer = v.allowed ? color.green(color.bold('ALLOWED')) : v.unknown ? color.yellow(color.bold('UNKNOWN')) : color.red(color.bold('DENIED'));
  return [`${answer}  ${endpointText(from)} → ${endpointText(to)} on ${portQueryText(q)}`, ...formatSide(engine, v.egress), ...formatSide(engine, v.ingress)].join('\n');
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
