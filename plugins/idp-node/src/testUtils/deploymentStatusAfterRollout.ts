import { createHash } from 'node:crypto';

type JsonMap = Record<string, any>;

// The API server leaves out counts that are zero.
function withoutZeroCounts(status: JsonMap): JsonMap {
  return Object.fromEntries(
    Object.entries(status).filter(
      ([, value]) => value !== 0 && value !== undefined,
    ),
  );
}

/**
 * The status the Deployment controller reports once the rollout of the
 * Deployment's current spec has finished, or, with a failure reason, has
 * stopped progressing (the old replicas keep serving).
 */
export function deploymentStatusAfterRollout(
  deployment: JsonMap,
  options: { now: string; failureReason?: string },
): JsonMap {
  const { now, failureReason } = options;
  const { name, generation } = deployment.metadata;
  const replicas: number = deployment.spec?.replicas ?? 1;
  const templateHash = createHash('sha256')
    .update(JSON.stringify(deployment.spec?.template ?? {}))
    .digest('hex')
    .slice(0, 10);
  const replicaSet = `${name}-${templateHash}`;
  const condition = (
    type: string,
    status: boolean,
    reason: string,
    message: string,
  ) => ({
    type,
    status: status ? 'True' : 'False',
    lastUpdateTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const available = condition(
    'Available',
    true,
    'MinimumReplicasAvailable',
    'Deployment has minimum availability.',
  );

  if (failureReason) {
    const previous = deployment.status ?? {};
    const stillAvailable: number = previous.availableReplicas ?? 0;
    return withoutZeroCounts({
      observedGeneration: generation,
      replicas: replicas + stillAvailable,
      updatedReplicas: replicas,
      readyReplicas: previous.readyReplicas ?? 0,
      availableReplicas: stillAvailable,
      unavailableReplicas: replicas,
      conditions: [
        stillAvailable > 0
          ? available
          : condition(
              'Available',
              false,
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        condition(
          'Progressing',
          false,
          failureReason,
          `ReplicaSet "${replicaSet}" has timed out progressing.`,
        ),
      ],
    });
  }

  return withoutZeroCounts({
    observedGeneration: generation,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      available,
      condition(
        'Progressing',
        true,
        'NewReplicaSetAvailable',
        `ReplicaSet "${replicaSet}" has successfully progressed.`,
      ),
    ],
  });
}
