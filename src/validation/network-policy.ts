/**
 * NetworkPolicy on create (kubernetes pkg/apis/networking/validation
 * ValidateNetworkPolicy, ValidateNetworkPolicySpec, ValidateNetworkPolicyPort,
 * ValidateNetworkPolicyPeer, ValidateIPBlock), after v1 defaulting (a missing
 * port protocol becomes TCP).
 */
import { enforcementWarnings } from './enforcement.js';
import { FieldPath } from '../model/field-path.js';
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from '../model/objects.js';
import { checkCIDR } from './cidr.js';
import {
  type FieldError,
  compositeValue,
  forbidden,
  goQuote,
  invalid,
  invalidEach,
  notSupported,
  required,
} from './field-error.js';
import { formatNetwork, networkContains, networkOf } from './ip-text.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { validateLabelSelector } from './label-selector.js';
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';

export function validateNetworkPolicyObject(np: NetworkPolicy, rules: ReleaseRules): FieldError[] {
  return [
    ...validateObjectMeta(np.metadata, { namespaced: true, validateName: nameIsDNSSubdomain }, rules),
    ...validateNetworkPolicySpec(np.spec, FieldPath.root('spec'), rules),
    ...enforcementWarnings(np.metadata),
  ];
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function validateNetworkPolicySpec(spec: NetworkPolicySpec, path: FieldPath, rules: ReleaseRules): FieldError[] {
  const errs = validateLabelSelector(spec.podSelector, path.child('podSelector'));
  (spec.ingress ?? []).forEach((rule, i) => {
    const rulePath = path.child('ingress').index(i);
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, rulePath.child('ports').index(j))));
    (rule.from ?? []).forEach((p, j) => errs.push(...validatePeer(p, rulePath.child('from').index(j), rules)));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    const rulePath = path.child('egress').index(i);
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, rulePath.child('ports').index(j))));
    (rule.to ?? []).forEach((p, j) => errs.push(...validatePeer(p, rulePath.child('to').index(j), rules)));
  });
  errs.push(...validatePolicyTypes(spec.policyTypes ?? [], path.child('policyTypes'), rules));
  return errs;
}

/** Duplicates pass ("Ingress", "Ingress"); more than two entries stop all other checks. */
function validatePolicyTypes(types: string[], path: FieldPath, rules: ReleaseRules): FieldError[] {
  if (types.length > POLICY_TYPES.length) {
    // Upstream passes &spec.PolicyTypes: printed as the list it points to.
    const shown = compositeValue(types, `[]networking.PolicyType{${types.map(goQuote).join(', ')}}`, rules.jsonBadValues);
    return [invalid(path, shown, 'may not specify more than two policyTypes', { hint: 'list Ingress, Egress or both' })];
  }
  return types.flatMap((t, i) => (POLICY_TYPES.includes(t) ? [] : [notSupported(path.index(i), t, POLICY_TYPES)]));
}

function validatePort(port: NetworkPolicyPort, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = port.protocol ?? 'TCP';
  if (!PROTOCOLS.includes(protocol)) {
    const upper = protocol.toUpperCase();
    const hint = PROTOCOLS.includes(upper) ? `protocols are upper case: write ${upper}` : undefined;
    errs.push(notSupported(path.child('protocol'), protocol, PROTOCOLS, hint ? { hint } : undefined));
  }
  const endPath = path.child('endPort');
  if (typeof port.port === 'number') {
    errs.push(...invalidEach(path.child('port'), port.port, isValidPortNum(port.port)));
    if (port.endPort !== undefined) {
      if (port.endPort < port.port) {
        // Upstream shows the port here, not the endPort: users see the value they must exceed.
        errs.push(invalid(endPath, port.port, 'must be greater than or equal to `port`', { hint: `write an endPort of at least ${port.port}` }));
      }
      errs.push(...invalidEach(endPath, port.endPort, isValidPortNum(port.endPort)));
    }
  } else if (port.port !== undefined) {
    if (port.endPort !== undefined) {
      errs.push(
        invalid(endPath, port.endPort, 'may not be specified when `port` is non-numeric', {
          hint: 'a port range needs a numeric port',
        }),
      );
    }
    errs.push(...invalidEach(path.child('port'), port.port, isValidPortName(port.port)));
  } else if (port.endPort !== undefined) {
    errs.push(invalid(endPath, port.endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: FieldPath, rules: ReleaseRules): FieldError[] {
  const errs: FieldError[] = [];
  if (peer.podSelector) errs.push(...validateLabelSelector(peer.podSelector, path.child('podSelector')));
  if (peer.namespaceSelector) errs.push(...validateLabelSelector(peer.namespaceSelector, path.child('namespaceSelector')));
  if (peer.ipBlock) errs.push(...validateIPBlock(peer.ipBlock, path.child('ipBlock'), rules));
  const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((x) => x !== undefined).length;
  if (count === 0) {
    errs.push(required(path, 'must specify a peer', { hint: 'give podSelector, namespaceSelector or ipBlock' }));
  } else if (count > 1 && peer.ipBlock) {
    errs.push(
      forbidden(path, 'may not specify both ipBlock and another peer', {
        hint: 'put the ipBlock in a peer of its own: separate peers are ORed',
      }),
    );
  }
  return errs;
}

/**
 * Every except entry must be a strict subset of cidr: inside it (by its
 * network address) and with a longer prefix. An equal prefix is rejected, as
 * is the other family (net.IPNet.Contains is false across families).
 */
function validateIPBlock(block: IPBlock, path: FieldPath, rules: ReleaseRules): FieldError[] {
  const cidrPath = path.child('cidr');
  if (block.cidr === '') return [required(cidrPath)];
  const cidr = checkCIDR(cidrPath, block.cidr, rules.strictCIDR);
  const errs = [...cidr.problems];
  if (!cidr.parsed) return errs; // upstream skips the except list then
  const outer = networkOf(cidr.parsed);
  (block.except ?? []).forEach((value, i) => {
    const exceptPath = path.child('except').index(i);
    const except = checkCIDR(exceptPath, value, rules.strictCIDR);
    errs.push(...except.problems);
    if (!except.parsed) return;
    const inner = networkOf(except.parsed);
    if (!networkContains(outer, inner.ip) || outer.bits >= inner.bits) {
      errs.push(
        invalid(exceptPath, value, 'must be a strict subset of `cidr`', {
          hint: `except entries must lie inside ${formatNetwork(outer)} and have a longer prefix than /${outer.bits}`,
        }),
      );
    }
  });
  return errs;
}
