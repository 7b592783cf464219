import {
  AccessRule,
  PolicyView,
} from '@idp-platform/backstage-plugin-idp-common';

/** A rule about calls into or out of a service, in words for a table. */
export interface ServiceRule {
  /** The other service. */
  peer: string;
  effect: 'allow' | 'deny';
  /** `8080/HTTP, 9090/GRPC`, or all ports. */
  ports: string;
  /** Paths and methods, when restricted. */
  conditions?: string;
  /** The policy the rule comes from. */
  policy: string;
}

/** The rules of one service: calls it makes, calls it takes, and its token rules. */
export interface ServiceRules {
  /** The policies whose source it is, if any. */
  policies: PolicyView[];
  outbound: ServiceRule[];
  inbound: ServiceRule[];
  /** JWT access rules on requests to the service, with the policy of each. */
  accessRules: (AccessRule & { policy: string })[];
  restrictions: string[];
}

const portsOf = (ports?: { port: number; protocol?: string }[]) =>
  ports?.length
    ? ports.map(p => `${p.port}/${p.protocol ?? 'HTTP'}`).join(', ')
    : 'all ports';

const conditionsOf = (destination: {
  paths?: string[];
  methods?: string[];
}) => {
  const parts = [
    destination.methods?.join(', '),
    destination.paths?.join(', '),
  ].filter(Boolean);
  return parts.length ? parts.join(' on ') : undefined;
};

/**
 * A service's rules from the latest version of every policy: what its own
 * policies (a service may have several, say one for calls and one for
 * tokens) let it call or deny it (outbound, with restrictions and token
 * rules), and which other policies let their source call it or deny it
 * (inbound).
 */
export function describeServiceRules(
  service: string,
  entityRef: string,
  policies: PolicyView[],
): ServiceRules {
  const own = policies.filter(
    p => p.source === service || p.entityRef === entityRef,
  );
  const outbound: ServiceRule[] = own.flatMap(policy => [
    ...policy.document.spec.destinations.map(d => ({
      peer: d.service,
      effect: 'allow' as const,
      ports: portsOf(d.ports),
      conditions: conditionsOf(d),
      policy: policy.name,
    })),
    ...policy.document.spec.deniedDestinations.map(d => ({
      peer: d.service,
      effect: 'deny' as const,
      ports: portsOf(d.ports),
      policy: policy.name,
    })),
  ]);
  const inbound: ServiceRule[] = policies
    .filter(p => !own.includes(p))
    .flatMap(p => [
      ...p.document.spec.destinations
        .filter(d => d.service === service)
        .map(d => ({
          peer: p.source,
          effect: 'allow' as const,
          ports: portsOf(d.ports),
          conditions: conditionsOf(d),
          policy: p.name,
        })),
      ...p.document.spec.deniedDestinations
        .filter(d => d.service === service)
        .map(d => ({
          peer: p.source,
          effect: 'deny' as const,
          ports: portsOf(d.ports),
          policy: p.name,
        })),
    ]);
  const restrictions = own.flatMap(policy => {
    const r = policy.document.spec.restrictions ?? {};
    return [
      r.denyExternalServices && 'No calls outside the cluster',
      r.allowMonitoringTools &&
        `Monitoring tools may scrape port ${r.metricsPort ?? 9090}`,
      r.allowLoggingAgents && 'May reach the logging agents',
    ].filter((text): text is string => Boolean(text));
  });
  return {
    policies: own,
    outbound,
    inbound,
    accessRules: own.flatMap(policy =>
      (policy.document.spec.accessRules?.rules ?? []).map(rule => ({
        ...rule,
        policy: policy.name,
      })),
    ),
    restrictions: [...new Set(restrictions)],
  };
}
