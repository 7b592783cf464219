import {
  CompiledPolicyObject,
  NetworkPolicyObject,
  NetworkPolicyPeer,
  WORKLOAD_LABEL,
} from '../compiler/istioTypes';

/** One end of a connection. */
export interface ConnectionEnd {
  service: string;
  namespace: string;
}

function selectsPod(
  selector: { matchLabels?: Record<string, string> } | undefined,
  end: ConnectionEnd,
): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(
    ([key, value]) => key === WORKLOAD_LABEL && value === end.service,
  );
}

function selectsNamespace(
  selector: NetworkPolicyPeer['namespaceSelector'],
  namespace: string,
): boolean {
  const labels: Record<string, string> = {
    'kubernetes.io/metadata.name': namespace,
  };
  const byLabels = Object.entries(selector?.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const byExpressions = (selector?.matchExpressions ?? []).every(
    expression =>
      expression.operator === 'In' &&
      expression.values.includes(labels[expression.key]),
  );
  return byLabels && byExpressions;
}

function peerMatches(
  peer: NetworkPolicyPeer,
  end: ConnectionEnd,
  policyNamespace: string,
): boolean {
  const namespaceOk = peer.namespaceSelector
    ? selectsNamespace(peer.namespaceSelector, end.namespace)
    : end.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectsPod(peer.podSelector, end) : true;
  return namespaceOk && podOk;
}

function portMatches(
  ports: { port: number; protocol: string }[] | undefined,
  port: number,
) {
  return (
    !ports?.length || ports.some(p => p.port === port && p.protocol === 'TCP')
  );
}

/**
 * Decides a TCP connection under Kubernetes NetworkPolicy: a pod selected by
 * a policy of a direction is isolated in that direction and admits only what
 * some rule allows; the egress side of the caller and the ingress side of
 * the target must both admit it.
 */
export function evaluateNetworkPolicies(
  objects: CompiledPolicyObject[],
  from: ConnectionEnd,
  to: ConnectionEnd,
  port: number,
): { allowed: boolean; reason: string; decidedBy?: string } {
  const networkPolicies = objects.filter(
    (object): object is NetworkPolicyObject => object.kind === 'NetworkPolicy',
  );
  const isolating = (end: ConnectionEnd, type: 'Ingress' | 'Egress') =>
    networkPolicies.filter(
      policy =>
        policy.metadata.namespace === end.namespace &&
        policy.spec.policyTypes.includes(type) &&
        selectsPod(policy.spec.podSelector, end),
    );
  const egress = isolating(from, 'Egress');
  if (
    egress.length > 0 &&
    !egress.some(policy =>
      (policy.spec.egress ?? []).some(
        rule =>
          (!rule.to?.length ||
            rule.to.some(peer =>
              peerMatches(peer, to, policy.metadata.namespace),
            )) &&
          portMatches(rule.ports, port),
      ),
    )
  ) {
    return {
      allowed: false,
      reason: `NetworkPolicy egress of ${from.service} does not admit ${to.service}:${port}`,
      decidedBy: `NetworkPolicy/${from.namespace}/${
        egress.map(p => p.metadata.name).sort()[0]
      }`,
    };
  }
  const ingress = isolating(to, 'Ingress');
  if (
    ingress.length > 0 &&
    !ingress.some(policy =>
      (policy.spec.ingress ?? []).some(
        rule =>
          (!rule.from?.length ||
            rule.from.some(peer =>
              peerMatches(peer, from, policy.metadata.namespace),
            )) &&
          portMatches(rule.ports, port),
      ),
    )
  ) {
    return {
      allowed: false,
      reason: `NetworkPolicy ingress of ${to.service} does not admit ${from.service} on ${port}`,
      decidedBy: `NetworkPolicy/${to.namespace}/${
        ingress.map(p => p.metadata.name).sort()[0]
      }`,
    };
  }
  return { allowed: true, reason: 'NetworkPolicy admits the connection' };
}
