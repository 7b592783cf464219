import {
  CommunicationDestination,
  ServiceCommunicationPolicy,
} from '@idp-platform/backstage-plugin-idp-common';
import { compileAccessRules } from './compileAccessRules';
import {
  AuthorizationPolicyObject,
  CompiledMetadata,
  CompiledPolicyObject,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  NetworkPolicyObject,
  NetworkPolicyPeer,
  PeerAuthenticationObject,
  POLICY_LABEL,
  WORKLOAD_LABEL,
} from './istioTypes';
import { renderAccessRego } from './renderAccessRego';
import {
  principalOf,
  ResolvedWorkload,
  resolveWorkload,
} from './resolveWorkload';

/** What the compiler needs to know about the target environment. */
export interface PolicyCompileContext {
  environment: string;
  namespace: string;
  /**
   * Strict environments restrict egress of every source (as if
   * `denyExternalServices` were set) and add NetworkPolicies for workloads in
   * the mesh too, so a bypassed sidecar still meets a firewall.
   */
  strict: boolean;
  monitoringNamespaces: string[];
  loggingNamespaces: string[];
  /** Istio extension provider that runs OPA (CUSTOM action). */
  opaProvider: string;
  /** Namespace of the cluster DNS, reachable from every restricted source. */
  dnsNamespace: string;
}

/** The compiled objects, sorted by kind, namespace and name, and the Rego module. */
export interface CompiledPolicy {
  objects: CompiledPolicyObject[];
  rego?: string;
}

/** Name of the namespace-wide allow-nothing AuthorizationPolicy (Istio's default deny). */
export const DEFAULT_DENY_NAME = 'default-deny';

/** Name of the namespace-wide PeerAuthentication. */
export const DEFAULT_PEER_AUTHENTICATION_NAME = 'default';

const DEFAULT_METRICS_PORT = 9090;
const ISTIOD_PORT = 15012;

function namespacePeer(namespaces: string[]): NetworkPolicyPeer {
  return {
    namespaceSelector: {
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'In',
          values: [...namespaces].sort(),
        },
      ],
    },
  };
}

function podPeer(workload: ResolvedWorkload): NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { [WORKLOAD_LABEL]: workload.service } },
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': workload.namespace },
    },
  };
}

function portsOf(destination: { ports?: { port: number }[] }): string[] {
  return [
    ...new Set((destination.ports ?? []).map(port => String(port.port))),
  ].sort((a, b) => Number(a) - Number(b));
}

function sortObjects(objects: CompiledPolicyObject[]): CompiledPolicyObject[] {
  const key = (object: CompiledPolicyObject) =>
    `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
  const unique = new Map<string, CompiledPolicyObject>();
  for (const object of objects) unique.set(key(object), object);
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/**
 * Compiles a communication policy for one environment to Istio
 * AuthorizationPolicy (default deny per namespace plus ALLOW / DENY rules
 * with workload principals), PeerAuthentication (STRICT mTLS),
 * RequestAuthentication for JWT rules, NetworkPolicy for workloads outside
 * the mesh, and Rego for rules Istio cannot express. Pure and deterministic.
 */
export function compilePolicy(
  policy: ServiceCommunicationPolicy,
  context: PolicyCompileContext,
): CompiledPolicy {
  const policyName = policy.metadata.name;
  const { spec } = policy;
  const metadata = (name: string, namespace: string): CompiledMetadata => ({
    name,
    namespace,
    labels: {
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      [POLICY_LABEL]: policyName,
    },
  });
  const sharedMetadata = (name: string, namespace: string) => ({
    name,
    namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
  });
  const source = resolveWorkload(spec.source, context.namespace);
  const objects: CompiledPolicyObject[] = [];
  const meshNamespaces = new Set<string>();
  if (source.mesh) meshNamespaces.add(source.namespace);

  const allowTo = (
    destination: CommunicationDestination,
    workload: ResolvedWorkload,
  ) => {
    const operation = {
      ports: portsOf(destination),
      ...(destination.methods && { methods: [...destination.methods].sort() }),
      ...(destination.paths && { paths: [...destination.paths].sort() }),
    };
    const policyObject: AuthorizationPolicyObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(
        `${policyName}-allow-${workload.service}`,
        workload.namespace,
      ),
      spec: {
        selector: { matchLabels: { [WORKLOAD_LABEL]: workload.service } },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: [principalOf(source)] } }],
            to: [{ operation }],
          },
        ],
      },
    };
    return policyObject;
  };

  const ingressFirewall = (
    name: string,
    workload: ResolvedWorkload,
    from: NetworkPolicyPeer[],
    ports: string[],
  ): NetworkPolicyObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(name, workload.namespace),
    spec: {
      podSelector: { matchLabels: { [WORKLOAD_LABEL]: workload.service } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from,
          ...(ports.length > 0 && {
            ports: ports.map(port => ({
              protocol: 'TCP' as const,
              port: Number(port),
            })),
          }),
        },
      ],
    },
  });

  const byWorkload = (
    a: { workload: ResolvedWorkload },
    b: { workload: ResolvedWorkload },
  ) =>
    `${a.workload.namespace}/${a.workload.service}`.localeCompare(
      `${b.workload.namespace}/${b.workload.service}`,
    );
  const destinations = spec.destinations
    .map(destination => ({
      destination,
      workload: resolveWorkload(destination, context.namespace),
    }))
    .sort(byWorkload);
  for (const { destination, workload } of destinations) {
    if (workload.mesh) {
      meshNamespaces.add(workload.namespace);
      objects.push(allowTo(destination, workload));
    }
    if (!workload.mesh || context.strict) {
      objects.push(
        ingressFirewall(
          `${policyName}-ingress-${workload.service}`,
          workload,
          [podPeer(source)],
          portsOf(destination),
        ),
      );
    }
  }

  for (const denied of spec.deniedDestinations) {
    const workload = resolveWorkload(denied, context.namespace);
    // Outside the mesh a NetworkPolicy cannot deny; leaving out an allow is the denial there.
    if (!workload.mesh) continue;
    meshNamespaces.add(workload.namespace);
    const ports = portsOf(denied);
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(
        `${policyName}-deny-${workload.service}`,
        workload.namespace,
      ),
      spec: {
        selector: { matchLabels: { [WORKLOAD_LABEL]: workload.service } },
        action: 'DENY',
        rules: [
          {
            from: [{ source: { principals: [principalOf(source)] } }],
            ...(ports.length > 0 && { to: [{ operation: { ports } }] }),
          },
        ],
      },
    });
  }

  const { restrictions } = spec;
  const metricsPort = String(restrictions.metricsPort ?? DEFAULT_METRICS_PORT);
  if (restrictions.allowMonitoringTools) {
    if (source.mesh) {
      objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: metadata(`${policyName}-allow-monitoring`, source.namespace),
        spec: {
          selector: { matchLabels: { [WORKLOAD_LABEL]: source.service } },
          action: 'ALLOW',
          rules: [
            {
              from: [
                {
                  source: {
                    namespaces: [...context.monitoringNamespaces].sort(),
                  },
                },
              ],
              to: [{ operation: { ports: [metricsPort] } }],
            },
          ],
        },
      });
    }
    if (!source.mesh || context.strict) {
      objects.push(
        ingressFirewall(
          `${policyName}-ingress-monitoring`,
          source,
          [namespacePeer(context.monitoringNamespaces)],
          [metricsPort],
        ),
      );
    }
  }

  if (restrictions.denyExternalServices || context.strict) {
    const egress: NonNullable<NetworkPolicyObject['spec']['egress']> = [
      {
        to: [namespacePeer([context.dnsNamespace])],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ];
    if (source.mesh) {
      egress.push({
        to: [namespacePeer(['istio-system'])],
        ports: [{ protocol: 'TCP', port: ISTIOD_PORT }],
      });
    }
    for (const { destination, workload } of destinations) {
      egress.push({
        to: [podPeer(workload)],
        ports: portsOf(destination).map(port => ({
          protocol: 'TCP' as const,
          port: Number(port),
        })),
      });
    }
    if (restrictions.allowLoggingAgents) {
      egress.push({ to: [namespacePeer(context.loggingNamespaces)] });
    }
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(`${policyName}-egress`, source.namespace),
      spec: {
        podSelector: { matchLabels: { [WORKLOAD_LABEL]: source.service } },
        policyTypes: ['Egress'],
        egress,
      },
    });
  }

  let rego: string | undefined;
  if (spec.accessRules) {
    objects.push(
      ...compileAccessRules({
        rules: spec.accessRules,
        workload: source,
        environment: context.environment,
        opaProvider: context.opaProvider,
        metadata,
        policyName,
      }),
    );
    if (spec.accessRules.rules.some(rule => rule.timeOfDay)) {
      rego = renderAccessRego(
        policyName,
        spec.accessRules,
        context.environment,
      );
    }
  }

  for (const namespace of meshNamespaces) {
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: sharedMetadata(DEFAULT_DENY_NAME, namespace),
      spec: {},
    });
    const peerAuthentication: PeerAuthenticationObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: sharedMetadata(DEFAULT_PEER_AUTHENTICATION_NAME, namespace),
      spec: { mtls: { mode: 'STRICT' } },
    };
    objects.push(peerAuthentication);
  }

  return { objects: sortObjects(objects), ...(rego && { rego }) };
}
