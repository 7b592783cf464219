import { createHash } from 'node:crypto';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestService } from '@idp-platform/backstage-plugin-idp-node';
import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';

/** What an approval is bound to: if any of it changes, the approval is void. */
interface ApprovalBinding {
  promotionId: string;
  artifactId: string;
  digest: string;
  /** What ran in the target stage when the approval was asked; null for nothing. */
  targetArtifactId: string | null;
  policyVersion: string;
}

function policyVersionOf(
  environment: Environment,
  required: number,
  approvers: string[],
) {
  return createHash('sha256')
    .update(
      JSON.stringify({
        required,
        approvers: [...approvers].sort(),
        maxSeverity: environment.security.maxSeverity,
      }),
    )
    .digest('hex')
    .slice(0, 16);
}

/**
 * Approvals for protected stages through the change-request engine. The
 * requester never approves (the engine refuses it); the artifact's committers'
 * approvals do not count; an approval is bound to the digest, to what ran in
 * the target stage and to the approval policy, and is void when one moved.
 */
export class ApprovalGate implements PromotionGate {
  readonly type = 'approval' as const;

  constructor(private readonly changeRequests: ChangeRequestService) {}

  async evaluate(context: GateContext): Promise<GateResult> {
    const { promotion, artifact, entity, stage } = context;
    const environment = stage.environment;
    const required = Math.max(
      environment.requiredApprovals,
      context.approvalRequiredBySecurity ? 1 : 0,
    );
    if (required === 0) {
      return verdict(
        context,
        this.type,
        'pass',
        `${environment.name} needs no approvals`,
      );
    }
    const approvers = environment.approvers.length
      ? environment.approvers
      : ownerOf(entity);
    const target =
      context.stageStates.find(s => s.environment === environment.name)
        ?.artifactId ?? null;
    const binding: ApprovalBinding = {
      promotionId: promotion.id,
      artifactId: artifact.id,
      digest: artifact.digest,
      targetArtifactId: target,
      policyVersion: policyVersionOf(environment, required, approvers),
    };

    if (!promotion.changeRequestId) {
      const request = await this.changeRequests.open({
        pluginId: 'promotion',
        requester: {
          userEntityRef: promotion.requestedBy,
          ownershipEntityRefs: [],
        },
        input: {
          kind: promotion.kind === 'rollback' ? 'rollback' : 'promote',
          title: `${promotion.kind === 'rollback' ? 'Roll back' : 'Promote'} ${
            entity.metadata.name
          } ${artifact.tag} to ${environment.name}`,
          description: promotion.reason,
          environment: environment.name,
          entityRef: promotion.entityRef,
          payload: binding,
        },
        requiredApprovals: required,
        approvers,
      });
      return {
        ...verdict(
          context,
          this.type,
          'pending',
          `0 of ${required} approvals from ${approvers.join(
            ', ',
          )} (change request ${request.id})`,
        ),
        changeRequestId: request.id,
      };
    }

    const request = await this.changeRequests.get(promotion.changeRequestId);
    const approvals = request.approvals.filter(a => a.decision === 'approve');
    if (request.state === 'pending') {
      return verdict(
        context,
        this.type,
        'pending',
        `${approvals.length} of ${
          request.requiredApprovals
        } approvals from ${request.approvers.join(', ')} (change request ${
          request.id
        })`,
      );
    }
    if (request.state === 'rejected') {
      const rejection = request.approvals.find(a => a.decision === 'reject');
      return verdict(
        context,
        this.type,
        'fail',
        `rejected by ${rejection?.approver ?? 'an approver'}${
          rejection?.comment ? `: ${rejection.comment}` : ''
        }`,
        rejection?.approver,
      );
    }
    if (request.state !== 'approved' && request.state !== 'applied') {
      return verdict(
        context,
        this.type,
        'fail',
        `change request ${request.id} is ${request.state}`,
      );
    }

    const approved = request.payload as ApprovalBinding;
    if (approved.digest !== binding.digest) {
      return verdict(
        context,
        this.type,
        'fail',
        `approval void: it was given for ${approved.digest}`,
      );
    }
    if (approved.targetArtifactId !== binding.targetArtifactId) {
      return verdict(
        context,
        this.type,
        'fail',
        `approval void: ${environment.name} ran ${
          approved.targetArtifactId ?? 'nothing'
        } when approved and runs ${binding.targetArtifactId ?? 'nothing'} now`,
      );
    }
    if (approved.policyVersion !== binding.policyVersion) {
      return verdict(
        context,
        this.type,
        'fail',
        `approval void: the approval policy of ${environment.name} changed`,
      );
    }
    const committers = new Set(
      artifact.committers.map(c => c.toLocaleLowerCase('en-US')),
    );
    const counted = approvals.filter(
      a => !committers.has(a.approver.toLocaleLowerCase('en-US')),
    );
    const bypassed = request.history.some(
      t => t.to === 'approved' && t.reason?.startsWith('emergency bypass'),
    );
    if (!bypassed && counted.length < request.requiredApprovals) {
      return verdict(
        context,
        this.type,
        'fail',
        `approvals by the artifact's committers do not count: ${counted.length} of ${request.requiredApprovals} remain`,
      );
    }
    const by = bypassed
      ? request.history.filter(t => t.to === 'approved').map(t => t.actor)
      : counted.map(a => a.approver);
    return verdict(
      context,
      this.type,
      'pass',
      bypassed
        ? 'approved by emergency bypass'
        : `approved by ${by.join(', ')}`,
      by.join(', '),
    );
  }
}

function ownerOf(entity: GateContext['entity']): string[] {
  const owner = (entity.spec as { owner?: string } | undefined)?.owner;
  if (!owner) return [];
  return [
    stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ),
  ];
}
