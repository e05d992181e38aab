/**
 * The parts of a pod spec Palisade reads: container ports (kubernetes
 * pkg/apis/core/validation validateContainerPorts, reached through
 * ValidatePodSpec for containers and init containers), after v1 defaulting
 * (an empty protocol becomes TCP).
 */
import type { FieldPath } from '../model/field-path.js';
import type { Container, ContainerPort, PodSpec } from '../model/objects.js';
import { type FieldError, duplicate, invalidEach, notSupported, required } from './field-error.js';
import { isValidPortName, isValidPortNum } from './names.js';

/** sets.List(supportedPortProtocols): sorted, unlike NetworkPolicy's list. */
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validatePodSpecPorts(spec: PodSpec, path: FieldPath): FieldError[] {
  const inContainers = (list: Container[] | undefined, listPath: FieldPath) =>
    (list ?? []).flatMap((c, i) => validateContainerPorts(c.ports ?? [], listPath.index(i).child('ports')));
  return [
    ...inContainers(spec.containers, path.child('containers')),
    ...inContainers(spec.initContainers, path.child('initContainers')),
  ];
}

/** Port names must be unique within one container only. */
function validateContainerPorts(ports: ContainerPort[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const portPath = path.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...invalidEach(portPath.child('name'), port.name, msgs));
      else if (names.has(port.name)) errs.push(duplicate(portPath.child('name'), port.name));
      else names.add(port.name);
    }
    if (port.containerPort === 0) errs.push(required(portPath.child('containerPort')));
    else errs.push(...invalidEach(portPath.child('containerPort'), port.containerPort, isValidPortNum(port.containerPort)));
    if (port.hostPort) errs.push(...invalidEach(portPath.child('hostPort'), port.hostPort, isValidPortNum(port.hostPort)));
    const protocol = port.protocol || 'TCP';
    if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(portPath.child('protocol'), protocol, PROTOCOLS));
  });
  return errs;
}
