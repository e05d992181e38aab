/**
 * Node, as Palisade reads it: its metadata and pod CIDRs as kube-apiserver
 * checks them, and the addresses that `nodes` peers of ClusterNetworkPolicies
 * match. The API server sets a node's status itself (the kubelet reports
 * it), so an address that is no IP is not refused; it is a warning, since no
 * peer can match it.
 */
import { FieldPath } from '../model/field-path.js';
import { nodePodCIDRs, type Node } from '../model/objects.js';
import { checkCIDR } from './cidr.js';
import { parseIPSloppy } from './ip-text.js';
import { compositeValue, goQuote, invalid, warning, type FieldError } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';

/** The address types that hold IPs (`Hostname` and `InternalDNS` hold names). */
const IP_ADDRESS_TYPES: readonly string[] = ['InternalIP', 'ExternalIP'];

export function validateNodeObject(node: Node, release: ReleaseRules): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, release);
  errs.push(...validatePodCIDRs(node, release));
  (node.status.addresses ?? []).forEach((a, i) => {
    if (IP_ADDRESS_TYPES.includes(a.type) && !parseIPSloppy(a.address.trim())) {
      errs.push(warning(FieldPath.root('status', 'addresses').index(i).child('address'), `${a.type} ${JSON.stringify(a.address)} is not an IP address: nodes peers cannot match it`));
    }
  });
  return errs;
}

/**
 * ValidateNode's check of spec.podCIDRs: each a CIDR (a legacy field, like
 * ipBlock.cidr), and at most one per family. The API server checks the
 * list `podCIDR` converts to when `podCIDRs` is not given; errors point at
 * the field written.
 */
function validatePodCIDRs(node: Node, release: ReleaseRules): FieldError[] {
  const cidrs = nodePodCIDRs(node);
  const listed = Boolean(node.spec.podCIDRs?.length);
  const path = FieldPath.root('spec', listed ? 'podCIDRs' : 'podCIDR');
  const checked = cidrs.map((value, i) => checkCIDR(listed ? path.index(i) : path, value, release.strictCIDR));
  const errs = checked.flatMap((c) => c.problems);
  const families = checked.flatMap((c) => (c.parsed ? [c.parsed.family] : []));
  // Upstream asks only when every entry parses (IsDualStackCIDRStrings fails otherwise).
  if (cidrs.length > 1 && families.length === cidrs.length && (cidrs.length > 2 || families[0] === families[1])) {
    errs.push(invalid(path, compositeValue(cidrs, `[]string{${cidrs.map(goQuote).join(', ')}}`, release.jsonBadValues), 'may specify no more than one CIDR for each IP family'));
  }
  return errs;
}
