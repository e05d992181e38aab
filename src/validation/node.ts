/**
 * Node, as Palisade reads it: its metadata as kube-apiserver checks it, and
 * the addresses that `nodes` peers of ClusterNetworkPolicies match. The API
 * server sets a node's status itself (the kubelet reports it), so an address
 * that is no IP is not refused; it is a warning, since no peer can match it.
 */
import { FieldPath } from '../model/field-path.js';
import type { Node } from '../model/objects.js';
import { parseIPSloppy } from './ip-text.js';
import { warning, type FieldError } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';

/** The address types that hold IPs (`Hostname` and `InternalDNS` hold names). */
const IP_ADDRESS_TYPES: readonly string[] = ['InternalIP', 'ExternalIP'];

export function validateNodeObject(node: Node, release: ReleaseRules): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, release);
  (node.status.addresses ?? []).forEach((a, i) => {
    if (IP_ADDRESS_TYPES.includes(a.type) && !parseIPSloppy(a.address.trim())) {
      errs.push(warning(FieldPath.root('status', 'addresses').index(i).child('address'), `${a.type} ${JSON.stringify(a.address)} is not an IP address: nodes peers cannot match it`));
    }
  });
  return errs;
}
