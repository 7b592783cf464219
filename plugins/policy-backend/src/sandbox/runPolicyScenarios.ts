import {
  PolicySandboxResult,
  POLICY_ENVIRONMENT_PLACEHOLDER,
  PolicyScenario,
  PolicyScenarioResult,
  ServiceCommunicationPolicy,
} from '@idp-platform/backstage-plugin-idp-common';
import { CompiledPolicyObject } from '../compiler/istioTypes';
import {
  principalOf,
  ResolvedWorkload,
  resolveWorkload,
} from '../compiler/resolveWorkload';
import { evaluateIstioRequest, MeshDecision } from './evaluateIstioRequest';
import { evaluateNetworkPolicies } from './evaluateNetworkPolicies';
import { evaluateTimedAccess } from './evaluateTimedAccess';

/** What the policies say about each service's workload, for services they name. */
export class WorkloadDirectory {
  private readonly workloads = new Map<string, ResolvedWorkload>();

  constructor(
    policies: ServiceCommunicationPolicy[],
    private readonly namespace: string,
  ) {
    for (const policy of policies) {
      for (const workload of [
        policy.spec.source,
        ...policy.spec.destinations,
        ...policy.spec.deniedDestinations,
      ]) {
        const resolved = resolveWorkload(workload, namespace);
        const known = this.workloads.get(workload.service);
        // Any policy saying a workload is outside the mesh wins: it has no sidecar to enforce Istio rules.
        if (!known || (known.mesh && !resolved.mesh)) {
          this.workloads.set(workload.service, resolved);
        }
      }
    }
  }

  get(service: string): ResolvedWorkload {
    return (
      this.workloads.get(service) ?? {
        service,
        namespace: this.namespace,
        serviceAccount: service,
        mesh: true,
      }
    );
  }
}

/** May `from` open a connection to `to` on `port`? NetworkPolicy first, then Istio when `to` is in the mesh. */
export function decideCommunication(
  objects: CompiledPolicyObject[],
  directory: WorkloadDirectory,
  from: string,
  to: string,
  port: number,
): MeshDecision {
  const source = directory.get(from);
  const target = directory.get(to);
  const network = evaluateNetworkPolicies(objects, source, target, port);
  if (!network.allowed) {
    return {
      decision: 'deny',
      reason: network.reason,
      decidedBy: network.decidedBy,
    };
  }
  if (!target.mesh) {
    return {
      decision: 'allow',
      reason: `${to} is outside the mesh; ${network.reason}`,
    };
  }
  if (!source.mesh) {
    return {
      decision: 'deny',
      reason: `${from} is outside the mesh and ${to} requires STRICT mTLS`,
    };
  }
  return evaluateIstioRequest(objects, {
    namespace: target.namespace,
    service: target.service,
    port,
    sourcePrincipal: principalOf(source),
  });
}

function resolveScenarioClaims(
  claims: Record<string, string | string[]>,
  environment: string,
): Record<string, string | string[]> {
  const resolve = (value: string) =>
    value === POLICY_ENVIRONMENT_PLACEHOLDER ? environment : value;
  return Object.fromEntries(
    Object.entries(claims).map(([claim, value]) => [
      claim,
      Array.isArray(value) ? value.map(resolve) : resolve(value),
    ]),
  );
}

function runScenario(
  scenario: PolicyScenario,
  policy: ServiceCommunicationPolicy,
  objects: CompiledPolicyObject[],
  directory: WorkloadDirectory,
  environment: string,
): PolicyScenarioResult {
  let decision: MeshDecision;
  if (scenario.kind === 'communication') {
    decision = decideCommunication(
      objects,
      directory,
      scenario.from,
      scenario.to,
      scenario.port,
    );
  } else {
    const { request } = scenario;
    const target = directory.get(request.to ?? policy.spec.source.service);
    const claims =
      scenario.claims && resolveScenarioClaims(scenario.claims, environment);
    const caller = request.from ? directory.get(request.from) : undefined;
    const network =
      caller && request.port
        ? evaluateNetworkPolicies(objects, caller, target, request.port)
        : { allowed: true, reason: '' };
    if (!network.allowed) {
      decision = {
        decision: 'deny',
        reason: network.reason,
        decidedBy: network.decidedBy,
      };
    } else {
      decision = evaluateIstioRequest(
        objects,
        {
          namespace: target.namespace,
          service: target.service,
          port: request.port,
          http: { method: request.method, path: request.path },
          sourcePrincipal: caller?.mesh ? principalOf(caller) : undefined,
          claims,
        },
        (_policy, attributes) =>
          policy.spec.accessRules
            ? evaluateTimedAccess(
                policy.spec.accessRules,
                {
                  method: request.method,
                  path: request.path,
                  claims: attributes.requestPrincipal
                    ? attributes.claims
                    : undefined,
                  time: request.time ?? '12:00',
                },
                environment,
              )
            : { allow: true, reason: 'no access rules' },
      );
    }
  }
  return {
    scenario,
    decision: decision.decision,
    passed: decision.decision === scenario.expect,
    reason: decision.reason,
    ...(decision.decidedBy && { decidedBy: decision.decidedBy }),
  };
}

/**
 * Runs a policy's scenarios (and any extra ones) for one environment against
 * its compiled objects; scenarios naming other environments are skipped.
 */
export function runPolicyScenarios(options: {
  policy: ServiceCommunicationPolicy;
  objects: CompiledPolicyObject[];
  environment: string;
  namespace: string;
  extraScenarios?: PolicyScenario[];
}): PolicySandboxResult {
  const { policy, objects, environment } = options;
  const directory = new WorkloadDirectory([policy], options.namespace);
  const scenarios = [
    ...policy.spec.scenarios,
    ...(options.extraScenarios ?? []),
  ];
  const skipped = scenarios
    .filter(s => s.environments && !s.environments.includes(environment))
    .map(s => s.name);
  const results = scenarios
    .filter(s => !s.environments || s.environments.includes(environment))
    .map(s => runScenario(s, policy, objects, directory, environment));
  return {
    policy: policy.metadata.name,
    environment,
    passed: results.every(result => result.passed),
    results,
    skipped,
  };
}
