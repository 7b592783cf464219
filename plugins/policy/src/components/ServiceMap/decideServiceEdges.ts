import { ServiceCommunicationPolicy } from '@idp-platform/backstage-plugin-idp-common';
import { ServiceGraph, ServiceNode } from './buildServiceGraph';
import { MapEdge } from './ServiceMap';

/**
 * The map's edges: every call the catalog knows and every call a policy
 * names, each decided by the policies' latest versions. A call is denied
 * when the caller's policy denies the destination, or when the destination
 * only admits the callers policies allow (default deny) and this caller is
 * not one of them; allowed when a policy allows it; unknown otherwise.
 * Services only policies name get a node of their own.
 */
export function decideServiceEdges(
  graph: ServiceGraph,
  policies: ServiceCommunicationPolicy[],
): { nodes: ServiceNode[]; edges: MapEdge[] } {
  const nodes = [...graph.nodes];
  const refOf = new Map(nodes.map(n => [n.serviceId, n.ref]));
  const serviceOf = new Map(nodes.map(n => [n.ref, n.serviceId]));
  const nodeFor = (service: string, tier?: string) => {
    const known = refOf.get(service);
    if (known) return known;
    const ref = `service:${service}`;
    nodes.push({ ref, name: service, serviceId: service, tier });
    refOf.set(service, ref);
    serviceOf.set(ref, service);
    return ref;
  };

  const calls = new Map<string, Omit<MapEdge, 'status'>>();
  const addCall = (source: string, target: string) => {
    const key = `${source} ${target}`;
    if (!calls.has(key)) calls.set(key, { source, target, reasons: [] });
    return calls.get(key)!;
  };
  for (const edge of graph.edges) {
    addCall(edge.source, edge.target).reasons.push(...edge.reasons);
  }
  for (const policy of policies) {
    const source = nodeFor(policy.spec.source.service, policy.spec.source.tier);
    for (const destination of [
      ...policy.spec.destinations,
      ...policy.spec.deniedDestinations,
    ]) {
      addCall(source, nodeFor(destination.service, destination.tier));
    }
  }

  const admitted = new Set(
    policies.flatMap(p => p.spec.destinations.map(d => d.service)),
  );
  const edges = [...calls.values()].map(call => {
    const from = serviceOf.get(call.source)!;
    const to = serviceOf.get(call.target)!;
    const own = policies.filter(p => p.spec.source.service === from);
    const denying = own.find(p =>
      p.spec.deniedDestinations.some(d => d.service === to),
    );
    if (denying) {
      return {
        ...call,
        status: 'denied' as const,
        explanation: `denied by policy ${denying.metadata.name}`,
      };
    }
    const allowing = own.find(p =>
      p.spec.destinations.some(d => d.service === to),
    );
    if (allowing) {
      const ports = allowing.spec.destinations
        .filter(d => d.service === to)
        .flatMap(d => d.ports.map(p => `${p.port}/${p.protocol}`));
      return {
        ...call,
        status: 'allowed' as const,
        explanation: `allowed by policy ${
          allowing.metadata.name
        } on ${ports.join(', ')}`,
      };
    }
    if (admitted.has(to)) {
      return {
        ...call,
        status: 'denied' as const,
        explanation: `${to} admits only the callers its policies allow`,
      };
    }
    return {
      ...call,
      status: 'unknown' as const,
      explanation: 'no policy decides this call',
    };
  });
  return {
    nodes,
    edges: edges.sort(
      (a, b) =>
        a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
    ),
  };
}
