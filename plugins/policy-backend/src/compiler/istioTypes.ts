import type { IAuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import type { IPeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import type { IRequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication';

/** Metadata of every compiled object. */
export type CompiledMetadata = {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
};

/** Istio's AuthorizationPolicy as @kubernetes-models/istio types its spec. */
export type AuthorizationPolicyObject = {
  apiVersion: 'security.istio.io/v1';
  kind: 'AuthorizationPolicy';
  metadata: CompiledMetadata;
  spec: NonNullable<IAuthorizationPolicy['spec']>;
};

/** @public */
export type AuthorizationPolicyRule = NonNullable<
  AuthorizationPolicyObject['spec']['rules']
>[number];

/** Istio's PeerAuthentication. */
export type PeerAuthenticationObject = {
  apiVersion: 'security.istio.io/v1';
  kind: 'PeerAuthentication';
  metadata: CompiledMetadata;
  spec: NonNullable<IPeerAuthentication['spec']>;
};

/** Istio's RequestAuthentication. */
export type RequestAuthenticationObject = {
  apiVersion: 'security.istio.io/v1';
  kind: 'RequestAuthentication';
  metadata: CompiledMetadata;
  spec: NonNullable<IRequestAuthentication['spec']>;
};

/** A peer of a NetworkPolicy rule (networking.k8s.io/v1). */
export interface NetworkPolicyPeer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: 'In'; values: string[] }[];
  };
}

/** A port of a NetworkPolicy rule. */
export interface NetworkPolicyPort {
  protocol: 'TCP' | 'UDP';
  port: number;
}

/** Kubernetes NetworkPolicy, for workloads outside the mesh (and every workload in strict environments). */
export type NetworkPolicyObject = {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: CompiledMetadata;
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: ('Ingress' | 'Egress')[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
};

/** Every kind the compiler produces. */
export type CompiledPolicyObject =
  | AuthorizationPolicyObject
  | PeerAuthenticationObject
  | RequestAuthenticationObject
  | NetworkPolicyObject;

/** Label naming the policy that owns an object; the default-deny objects carry none. */
export const POLICY_LABEL = 'idp-platform/policy';

/** Label on every object the policy builder writes. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY_VALUE = 'idp-platform-policy';

/** Pod label that selects a service's workload. */
export const WORKLOAD_LABEL = 'app';
