/**
 * The ClusterNetworkPolicy checks, one row per case: PAL011 rule-shadowed,
 * PAL012 pass-allows-by-default, PAL013 same-priority-conflict, PAL014
 * baseline-deny-overridden, and PAL001/PAL002 on subjects and peers. Each
 * row names the checks it is about and every finding they must give (none,
 * for the quiet cases), with the object and field each is located at.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf } from '../../engine/cluster.js';
import { Engine } from '../../engine/engine.js';
import { loadText } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests } from '../../validation/manifests.js';
import type { CheckId } from './checks.js';
import type { LintConfig } from './config.js';
import { lint, lintJson, type LintResult } from './lint.js';

/** Namespaces a, b and c (team=<name>); web and db in a, a client in b, one pod in c. */
const BASE = ['a', 'b', 'c']
  .map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}, labels: {team: ${n}}}\n---\n`)
  .concat(
    [
      ['a', 'web', '10.0.0.1', '[{name: http, containerPort: 8080}]'],
      ['a', 'db', '10.0.0.2', '[{containerPort: 5432}]'],
      ['b', 'client', '10.0.1.1', '[]'],
      ['c', 'other', '10.0.2.1', '[]'],
    ].map(
      ([ns, app, ip, ports]) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: ${app}, namespace: ${ns}, labels: {app: ${app}}}\nspec: {containers: [{name: c, image: x, ports: ${ports}}]}\nstatus: {phase: Running, podIP: ${ip}}\n---\n`,
    ),
  )
  .join('');

function lintOf(policies: string[], config?: LintConfig): LintResult {
  const m = loadText(BASE + policies.join('---\n'), 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.object} ${d.field}: ${d.message}`), [], 'test input must be valid');
  const cluster = clusterOf(m, report);
  return lint(Engine.compile(cluster), cluster, config);
}

/** A ClusterNetworkPolicy in flow style. */
function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: string, rules = ''): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n  subject: ${subject}\n  ${rules}\n`;
}

/** An AdminNetworkPolicy, or (no priority) the BaselineAdminNetworkPolicy, in flow style: v1alpha1 has the same subject and peers. */
function v1alpha1(name: string, priority: number | undefined, subject: string, rules = ''): string {
  const kind = priority === undefined ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy';
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n${priority === undefined ? '' : `  priority: ${priority}\n`}  subject: ${subject}\n  ${rules}\n`;
}

const ALL = '{namespaces: {}}';
const TEAM_A = '{namespaces: {matchLabels: {team: a}}}';
const TEAM_C = '{namespaces: {matchLabels: {team: c}}}';
const FROM_B = 'from: [{namespaces: {matchLabels: {team: b}}}]';
const FROM_C = 'from: [{namespaces: {matchLabels: {team: c}}}]';
const FROM_ALL = 'from: [{namespaces: {}}]';
const PORT_80 = 'protocols: [{tcp: {destinationPort: {number: 80}}}]';
const ingress = (...rules: string[]) => `ingress: [${rules.map((r) => `{${r}}`).join(', ')}]`;
const egress = (...rules: string[]) => `egress: [${rules.map((r) => `{${r}}`).join(', ')}]`;

const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: a}\nspec: ${spec}\n`;
const NP_DENY_A = np('deny-all', '{podSelector: {}, policyTypes: [Ingress]}');

interface Row {
  name: string;
  checks: CheckId[];
  policies: string[];
  /** `ID severity object field`, in the order lint gives them. */
  findings: string[];
  /** Each must match the message of the finding at the same place. */
  messages?: RegExp[];
}

const ROWS: Row[] = [
  // --- PAL011 rule-shadowed ---------------------------------------------------------
  {
    name: 'PAL011: a rule after a broader one of its policy',
    checks: ['PAL011'],
    policies: [cnp('p', 'Admin', 10, TEAM_A, ingress(`name: deny-b, action: Deny, ${FROM_B}`, `name: accept-b-80, action: Accept, ${FROM_B}, ${PORT_80}`))],
    findings: ['PAL011 warning ClusterNetworkPolicy p spec.ingress[1]'],
    messages: [/never reached \(with the pods known now\): for every pod it applies to, all it matches is decided first by p ingress\[0\] "deny-b" Deny \(Admin, priority 10\)/],
  },
  {
    name: 'PAL011: the narrower rule first, both are reached',
    checks: ['PAL011'],
    policies: [cnp('p', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}, ${PORT_80}`, `action: Deny, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL011: a policy of lower priority decides first',
    checks: ['PAL011'],
    policies: [cnp('second', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}, ${PORT_80}`)), cnp('first', 'Admin', 5, TEAM_A, ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL011 warning ClusterNetworkPolicy second spec.ingress[0]'],
    messages: [/decided first by first ingress\[0\] Deny \(Admin, priority 5\)/],
  },
  {
    name: 'PAL011: at equal priority the earlier name decides first',
    checks: ['PAL011'],
    policies: [cnp('x-later', 'Admin', 5, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('a-earlier', 'Admin', 5, TEAM_A, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: ['PAL011 warning ClusterNetworkPolicy x-later spec.ingress[0]'],
  },
  {
    name: 'PAL011: shadowed for some pods only, the rule is reached for the others',
    checks: ['PAL011'],
    policies: [cnp('first', 'Admin', 5, TEAM_A, ingress(`action: Deny, ${FROM_B}`)), cnp('second', 'Admin', 10, ALL, ingress(`action: Accept, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL011: an earlier rule on one port does not shadow a later one on every port',
    checks: ['PAL011'],
    policies: [cnp('p', 'Admin', 10, TEAM_A, ingress(`action: Deny, ${FROM_B}, ${PORT_80}`, `action: Accept, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL011: another tier is not shadowing (the tiers work as designed)',
    checks: ['PAL011'],
    policies: [cnp('admin', 'Admin', 5, ALL, ingress(`action: Deny, ${FROM_ALL}`)), cnp('baseline', 'Baseline', 5, ALL, ingress(`action: Accept, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL011: egress networks, a later network inside an earlier one',
    checks: ['PAL011'],
    policies: [cnp('nets', 'Admin', 5, TEAM_A, egress('action: Deny, to: [{networks: [10.0.0.0/8]}]', 'action: Accept, to: [{networks: [10.1.0.0/16]}]'))],
    findings: ['PAL011 warning ClusterNetworkPolicy nets spec.egress[1]'],
  },
  {
    name: 'PAL011: egress networks, the narrower network first',
    checks: ['PAL011'],
    policies: [cnp('nets', 'Admin', 5, TEAM_A, egress('action: Accept, to: [{networks: [10.1.0.0/16]}]', 'action: Deny, to: [{networks: [10.0.0.0/8]}]'))],
    findings: [],
  },
  {
    name: 'PAL011: a rule that matches nothing is left to PAL002',
    checks: ['PAL011', 'PAL002'],
    policies: [cnp('p', 'Admin', 5, TEAM_A, ingress(`action: Deny, ${FROM_ALL}`, 'action: Accept, from: [{namespaces: {matchLabels: {team: zz}}}]'))],
    findings: ['PAL002 warning ClusterNetworkPolicy p spec.ingress[1].from[0].namespaces'],
  },

  // --- PAL012 pass-allows-by-default --------------------------------------------------
  {
    name: 'PAL012: an Admin Pass with nothing below it',
    checks: ['PAL012'],
    policies: [cnp('delegate', 'Admin', 5, TEAM_A, ingress(`action: Pass, ${FROM_B}`))],
    findings: ['PAL012 info ClusterNetworkPolicy delegate spec.ingress[0].action'],
    messages: [/none isolates the pods it applies to for ingress \(2 pods and workloads: a\/web, a\/db\) and no Baseline rule matches it: it ends allowed by default/],
  },
  {
    name: 'PAL012: a NetworkPolicy isolating the pods decides',
    checks: ['PAL012'],
    policies: [cnp('delegate', 'Admin', 5, TEAM_A, ingress(`action: Pass, ${FROM_B}`)), NP_DENY_A],
    findings: [],
  },
  {
    name: 'PAL012: NetworkPolicies isolating some of the pods decide for them',
    checks: ['PAL012'],
    policies: [cnp('delegate', 'Admin', 5, ALL, ingress(`action: Pass, ${FROM_B}`)), NP_DENY_A],
    findings: [],
  },
  {
    name: 'PAL012: a Baseline rule matching the passed traffic decides',
    checks: ['PAL012'],
    policies: [cnp('delegate', 'Admin', 5, TEAM_A, ingress(`action: Pass, ${FROM_B}`)), cnp('baseline', 'Baseline', 5, ALL, ingress(`action: Deny, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL012: a Baseline rule for other traffic does not',
    checks: ['PAL012'],
    policies: [cnp('delegate', 'Admin', 5, TEAM_A, ingress(`action: Pass, ${FROM_B}`)), cnp('baseline', 'Baseline', 5, ALL, ingress(`action: Deny, ${FROM_C}`))],
    findings: ['PAL012 info ClusterNetworkPolicy delegate spec.ingress[0].action'],
  },
  {
    name: 'PAL012: a Pass never reached is PAL011\'s',
    checks: ['PAL012', 'PAL011'],
    policies: [cnp('p', 'Admin', 5, TEAM_A, ingress(`action: Deny, ${FROM_B}`, `action: Pass, ${FROM_B}`))],
    findings: ['PAL011 warning ClusterNetworkPolicy p spec.ingress[1]'],
  },
  {
    name: 'PAL012: a Baseline Pass is Accept',
    checks: ['PAL012'],
    policies: [cnp('baseline', 'Baseline', 5, ALL, ingress(`action: Pass, ${FROM_B}`, `action: Deny, ${FROM_ALL}`))],
    findings: ['PAL012 info ClusterNetworkPolicy baseline spec.ingress[0].action'],
    messages: [/in the Baseline tier, Pass hands the traffic to the default, which allows it: this rule means the same as Accept/],
  },

  // --- PAL013 same-priority-conflict -------------------------------------------------
  {
    name: 'PAL013: Accept and Deny at the same priority for the same pods and traffic',
    checks: ['PAL013'],
    policies: [cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-all', 'Admin', 10, ALL, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: ['PAL013 warning ClusterNetworkPolicy deny-all spec.priority'],
    messages: [/allow-b and deny-all are both at priority 10 in the Admin tier, apply to the same pods \(a\/db, a\/web\) .*: allow-b ingress\[0\] Accept and deny-all ingress\[0\] Deny\. .*Palisade applies allow-b first \(by name\)/],
  },
  {
    name: 'PAL013: the same action',
    checks: ['PAL013'],
    policies: [cnp('deny-b', 'Admin', 10, TEAM_A, ingress(`action: Deny, ${FROM_B}`)), cnp('deny-all', 'Admin', 10, ALL, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: [],
  },
  {
    name: 'PAL013: subjects that share no pod',
    checks: ['PAL013'],
    policies: [cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-all', 'Admin', 10, TEAM_C, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: [],
  },
  {
    name: 'PAL013: different traffic',
    checks: ['PAL013'],
    policies: [cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-c', 'Admin', 10, TEAM_A, ingress(`action: Deny, ${FROM_C}`))],
    findings: [],
  },
  {
    name: 'PAL013: different priorities',
    checks: ['PAL013'],
    policies: [cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-all', 'Admin', 11, ALL, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: [],
  },
  {
    name: 'PAL013: a lower priority decides the contested traffic first',
    checks: ['PAL013'],
    policies: [cnp('first', 'Admin', 5, ALL, ingress(`action: Deny, ${FROM_B}`)), cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-b', 'Admin', 10, ALL, ingress(`action: Deny, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL013: different tiers',
    checks: ['PAL013'],
    policies: [cnp('allow-b', 'Admin', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('deny-all', 'Baseline', 10, ALL, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: [],
  },
  {
    name: 'PAL013: in the Baseline tier Pass and Accept mean the same',
    checks: ['PAL013'],
    policies: [cnp('accept-b', 'Baseline', 10, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), cnp('pass-b', 'Baseline', 10, ALL, ingress(`action: Pass, ${FROM_B}`))],
    findings: [],
  },
  {
    name: 'PAL013: in the Baseline tier Pass and Deny differ',
    checks: ['PAL013'],
    policies: [cnp('deny-b', 'Baseline', 10, TEAM_A, ingress(`action: Deny, ${FROM_B}`)), cnp('pass-b', 'Baseline', 10, ALL, ingress(`action: Pass, ${FROM_B}`))],
    findings: ['PAL013 warning ClusterNetworkPolicy pass-b spec.priority'],
  },

  // --- PAL014 baseline-deny-overridden -----------------------------------------------
  {
    name: 'PAL014: every pod of the subject isolated for the direction',
    checks: ['PAL014'],
    policies: [cnp('baseline', 'Baseline', 5, TEAM_A, ingress(`action: Deny, ${FROM_B}`)), NP_DENY_A],
    findings: ['PAL014 info ClusterNetworkPolicy baseline spec.ingress[0]'],
    messages: [/every pod this policy applies to \(2 pods and workloads, with the pods known now\) is isolated for ingress by NetworkPolicies \(a\/deny-all\)/],
  },
  {
    name: 'PAL014: isolated by several NetworkPolicies, each naming some pods',
    checks: ['PAL014'],
    policies: [
      cnp('baseline', 'Baseline', 5, TEAM_A, ingress(`action: Deny, ${FROM_B}`)),
      np('web', '{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}'),
      np('db', '{podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}'),
    ],
    findings: ['PAL014 info ClusterNetworkPolicy baseline spec.ingress[0]'],
    messages: [/by NetworkPolicies \(a\/db, a\/web\)/],
  },
  {
    name: 'PAL014: a pod of the subject no NetworkPolicy isolates',
    checks: ['PAL014'],
    policies: [cnp('baseline', 'Baseline', 5, ALL, ingress(`action: Deny, ${FROM_B}`)), NP_DENY_A],
    findings: [],
  },
  {
    name: 'PAL014: isolated in the other direction only',
    checks: ['PAL014'],
    policies: [cnp('baseline', 'Baseline', 5, TEAM_A, egress('action: Deny, to: [{namespaces: {matchLabels: {team: b}}}]')), NP_DENY_A],
    findings: [],
  },
  {
    name: 'PAL014: a Baseline Accept is not reported',
    checks: ['PAL014'],
    policies: [cnp('baseline', 'Baseline', 5, TEAM_A, ingress(`action: Accept, ${FROM_B}`)), NP_DENY_A],
    findings: [],
  },

  // --- PAL001 and PAL002 on ClusterNetworkPolicies -------------------------------------
  {
    name: 'PAL001: a pods subject whose podSelector matches no pod',
    checks: ['PAL001'],
    policies: [cnp('s', 'Admin', 5, '{pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: nope}}}}', ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL001 warning ClusterNetworkPolicy s spec.subject.pods.podSelector'],
    messages: [/podSelector app=nope matches no pod or workload in namespace a \(the input has 2 pods and workloads there\), so this policy applies to no pod/],
  },
  {
    name: 'PAL001: a namespaces subject that matches no namespace',
    checks: ['PAL001'],
    policies: [cnp('s', 'Admin', 5, '{namespaces: {matchLabels: {team: zz}}}', ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL001 warning ClusterNetworkPolicy s spec.subject.namespaces'],
    messages: [/namespaces team=zz matches no namespace, so this policy applies to no pod/],
  },
  {
    name: 'PAL001: a subject naming a namespace the input does not include, one step gentler',
    checks: ['PAL001'],
    policies: [cnp('s', 'Admin', 5, '{namespaces: {matchLabels: {kubernetes.io/metadata.name: payments}}}', ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL001 info ClusterNetworkPolicy s spec.subject.namespaces'],
  },
  {
    name: 'PAL001: subjects that select pods, with rules or without',
    checks: ['PAL001'],
    policies: [cnp('s', 'Admin', 5, '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}', ingress(`action: Deny, ${FROM_B}`)), cnp('no-rules', 'Baseline', 5, '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}')],
    findings: [],
  },
  {
    name: 'PAL002: namespaces and pods peers that match nothing',
    checks: ['PAL002'],
    policies: [
      cnp(
        'p',
        'Admin',
        5,
        TEAM_A,
        ingress('action: Deny, from: [{namespaces: {matchLabels: {team: zz}}}]', 'action: Accept, from: [{pods: {namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: nope}}}}]'),
      ),
    ],
    findings: ['PAL002 warning ClusterNetworkPolicy p spec.ingress[0].from[0].namespaces', 'PAL002 warning ClusterNetworkPolicy p spec.ingress[1].from[0].pods.podSelector'],
    messages: [/namespaces team=zz matches no namespace, so this peer matches nothing/, /podSelector app=nope matches no pod or workload in namespace b \(the input has 1 pod or workload there\), so this peer matches nothing/],
  },
  // --- the same checks on AdminNetworkPolicy and BaselineAdminNetworkPolicy ------------
  {
    name: 'v1alpha1: a ClusterNetworkPolicy rule shadowed by an AdminNetworkPolicy before it, named in v1alpha1 words',
    checks: ['PAL011'],
    policies: [v1alpha1('first', 1, TEAM_A, ingress(`name: allow-b, action: Allow, ${FROM_B}`)), cnp('later', 'Admin', 2, TEAM_A, ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL011 warning ClusterNetworkPolicy later spec.ingress[0]'],
    messages: [/decided first by AdminNetworkPolicy\/first ingress\[0\] "allow-b" Allow \(Admin, priority 1\)/],
  },
  {
    name: 'v1alpha1: an AdminNetworkPolicy and a ClusterNetworkPolicy at one priority conflict; the ClusterNetworkPolicy is applied first',
    checks: ['PAL013'],
    policies: [v1alpha1('allow-b', 10, TEAM_A, ingress(`action: Allow, ${FROM_B}`)), cnp('zz-deny-all', 'Admin', 10, ALL, ingress(`action: Deny, ${FROM_ALL}`))],
    findings: ['PAL013 warning AdminNetworkPolicy allow-b spec.priority'],
    messages: [/zz-deny-all and AdminNetworkPolicy\/allow-b are both at priority 10 in the Admin tier.*Palisade applies zz-deny-all first \(a ClusterNetworkPolicy before an AdminNetworkPolicy\)/],
  },
  {
    name: 'v1alpha1: the BaselineAdminNetworkPolicy after a Baseline ClusterNetworkPolicy at priority 1000: found at the ClusterNetworkPolicy, which has the priority',
    checks: ['PAL013'],
    policies: [v1alpha1('default', undefined, TEAM_A, ingress(`action: Deny, ${FROM_B}`)), cnp('accept-b', 'Baseline', 1000, TEAM_A, ingress(`action: Accept, ${FROM_B}`))],
    findings: ['PAL013 warning ClusterNetworkPolicy accept-b spec.priority'],
    messages: [/accept-b and BaselineAdminNetworkPolicy\/default are both last in the Baseline tier \(accept-b at priority 1000, where Palisade orders the BaselineAdminNetworkPolicy\).*Palisade applies accept-b first \(a ClusterNetworkPolicy before the BaselineAdminNetworkPolicy\)/],
  },
  {
    name: 'v1alpha1: a Pass with nothing below it, and a subject that selects nothing',
    checks: ['PAL012', 'PAL001'],
    policies: [v1alpha1('pass-b', 3, TEAM_A, ingress(`action: Pass, ${FROM_B}`)), v1alpha1('nobody', 4, '{namespaces: {matchLabels: {team: zz}}}', ingress(`action: Deny, ${FROM_B}`))],
    findings: ['PAL012 info AdminNetworkPolicy pass-b spec.ingress[0].action', 'PAL001 warning AdminNetworkPolicy nobody spec.subject.namespaces'],
  },
  {
    name: 'PAL002: peers that match, and networks',
    checks: ['PAL002'],
    policies: [cnp('p', 'Admin', 5, TEAM_A, egress('action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]', 'action: Accept, to: [{networks: [192.0.2.0/24]}]'))],
    findings: [],
  },
  // --- PAL009 namespace-without-default-deny, closed by a tier --------------------------
  {
    name: 'PAL009: a Baseline Deny of every pod (ingress) and every address (egress) over all namespaces closes them',
    checks: ['PAL009'],
    policies: [cnp('isolate', 'Baseline', 500, ALL, `${ingress(`action: Deny, ${FROM_ALL}`)}\n  ${egress('action: Deny, to: [{networks: [0.0.0.0/0]}]')}`)],
    findings: [],
  },
  {
    name: 'PAL009: with an IPv6 pod, every address of egress is 0.0.0.0/0 and ::/0',
    checks: ['PAL009'],
    policies: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: v6, namespace: c}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: fd00::1}\n',
      cnp('isolate', 'Baseline', 500, ALL, `${ingress(`action: Deny, ${FROM_ALL}`)}\n  ${egress('action: Deny, to: [{networks: [0.0.0.0/0]}]')}`),
      cnp('isolate-c', 'Baseline', 501, TEAM_C, egress('action: Deny, to: [{networks: [0.0.0.0/0]}, {networks: [::/0]}]')),
    ],
    findings: ['PAL009 info Namespace a metadata.name', 'PAL009 info Namespace b metadata.name'],
    messages: [/for egress:/, /for egress:/],
  },
  {
    name: 'PAL009: a Deny over one namespace closes that one, in its direction only',
    checks: ['PAL009'],
    policies: [cnp('isolate-a', 'Baseline', 500, TEAM_A, ingress(`action: Accept, ${FROM_B}`, `action: Deny, ${FROM_ALL}`))],
    findings: ['PAL009 info Namespace a metadata.name', 'PAL009 info Namespace b metadata.name', 'PAL009 info Namespace c metadata.name'],
    messages: [/no default-deny policy for egress:/, /for ingress and egress:/, /for ingress and egress:/],
  },
  {
    name: 'PAL009: an Admin Deny of every pod closes too, and a v1alpha1 BaselineAdminNetworkPolicy does as a ClusterNetworkPolicy does',
    checks: ['PAL009'],
    policies: [cnp('lockdown-c', 'Admin', 5, TEAM_C, ingress(`action: Deny, ${FROM_ALL}`)), v1alpha1('default', undefined, TEAM_A, ingress('action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {}}}]'))],
    findings: ['PAL009 info Namespace a metadata.name', 'PAL009 info Namespace b metadata.name', 'PAL009 info Namespace c metadata.name'],
    messages: [/for egress:/, /for ingress and egress:/, /for egress:/],
  },
  {
    name: 'PAL009: a Deny that leaves something open closes nothing: one port, some namespaces, some pods, some networks, a Pass',
    checks: ['PAL009'],
    policies: [
      cnp('one-port', 'Baseline', 1, TEAM_A, ingress(`action: Deny, ${FROM_ALL}, ${PORT_80}`)),
      cnp('from-b', 'Baseline', 2, TEAM_A, ingress(`action: Deny, ${FROM_B}`)),
      cnp('web-only', 'Baseline', 3, '{pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}}', ingress(`action: Deny, ${FROM_ALL}`)),
      cnp('some-pods', 'Baseline', 4, TEAM_A, ingress('action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]')),
      cnp('private', 'Baseline', 5, TEAM_A, egress('action: Deny, to: [{networks: [10.0.0.0/8]}]')),
      cnp('pass', 'Admin', 5, TEAM_A, ingress(`action: Pass, ${FROM_ALL}`)),
    ],
    findings: ['PAL009 info Namespace a metadata.name', 'PAL009 info Namespace b metadata.name', 'PAL009 info Namespace c metadata.name'],
    messages: [/for ingress and egress:/],
  },
];

for (const row of ROWS) {
  test(row.name, () => {
    const found = lintOf(row.policies).findings.filter((f) => row.checks.includes(f.id));
    assert.deepEqual(
      found.map((f) => `${f.id} ${f.severity} ${f.object} ${f.field}`),
      row.findings,
      found.map((f) => f.message).join('\n'),
    );
    for (const [i, re] of (row.messages ?? []).entries()) assert.match(found[i]!.message, re);
  });
}

test('PAL009: with tiered policies in the input, the hint names the Baseline way to close a namespace', () => {
  const hint = (policies: string[]) => lintOf(policies).findings.find((f) => f.id === 'PAL009' && f.object === 'Namespace b')!.hint!;
  assert.doesNotMatch(hint([]), /ClusterNetworkPolicy/);
  assert.match(hint([cnp('isolate-a', 'Baseline', 5, TEAM_A, ingress(`action: Deny, ${FROM_ALL}`))]), /or a Baseline ClusterNetworkPolicy over every pod of b that ends by denying ingress from namespaces: \{\} and egress to networks: \[0\.0\.0\.0\/0\]$/);
});

test('the tier checks are configured and suppressed like the others, and located in JSON', () => {
  const shadowed = (annotations: string) =>
    cnp('p', 'Admin', 10, TEAM_A, ingress(`action: Deny, ${FROM_B}`, `action: Accept, ${FROM_B}`)).replace('metadata: {name: p}', `metadata: {name: p${annotations}}`);
  const ids = (r: LintResult) => r.findings.filter((f) => f.object.startsWith('ClusterNetworkPolicy')).map((f) => `${f.id} ${f.severity}`);
  assert.deepEqual(ids(lintOf([shadowed('')])), ['PAL011 warning']);
  assert.deepEqual(ids(lintOf([shadowed('')], { checks: { PAL011: 'error' } })), ['PAL011 error']);
  assert.deepEqual(ids(lintOf([shadowed('')], { checks: { PAL011: 'off' } })), []);
  const ignored = lintOf([shadowed(', annotations: {palisade.dev/lint-ignore: rule-shadowed}')]);
  assert.deepEqual([ids(ignored), ignored.suppressed], [[], 1]);
  // Located at the rule: its line in the input, the column where its item starts.
  const lines = (BASE + shadowed('')).split('\n');
  const line = lines.findIndex((l) => l.includes('{action: Accept'));
  const [json] = lintJson(lintOf([shadowed('')]), 'warning').findings.filter((f) => f.id === 'PAL011');
  assert.deepEqual(
    { file: json!.file, line: json!.line, column: json!.column, object: json!.object, field: json!.field },
    { file: 'test.yaml', line: line + 1, column: lines[line]!.indexOf('{action: Accept') + 1, object: 'ClusterNetworkPolicy p', field: 'spec.ingress[1]' },
  );
});

test('PAL002: a nodes peer that no Node of the input answers; without Node objects, one step gentler', () => {
  const node = `apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {role: worker}}\nstatus: {addresses: [{type: InternalIP, address: 172.18.0.2}]}\n---\n`;
  const policy = cnp('to-nodes', 'Admin', 5, ALL, egress('action: Deny, to: [{nodes: {matchLabels: {role: infra}}}]', 'action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]'));
  const findingsOf = (text: string) => {
    const m = loadText(BASE + text, 'test.yaml');
    const cluster = clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'experimental' }));
    return lint(Engine.compile(cluster), cluster).findings.filter((f) => f.id === 'PAL002').map((f) => `${f.severity} ${f.field}: ${f.message}`);
  };
  assert.deepEqual(findingsOf(node + policy), ["warning spec.egress[0].to[0].nodes: nodes role=infra selects no Node with an InternalIP or ExternalIP address among the input's 1, so this peer matches nothing"]);
  assert.deepEqual(findingsOf(policy), [
    "info spec.egress[0].to[0].nodes: the input has no Node objects, so nodes role=infra matches no address in Palisade's answers, which may be wrong",
    "info spec.egress[1].to[0].nodes: the input has no Node objects, so nodes role=worker matches no address in Palisade's answers, which may be wrong",
  ]);
});
