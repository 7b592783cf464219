import { CustomErrorBase } from '@backstage/errors';
import { KubernetesRolloutStatus } from './KubernetesService';

/**
 * A Deployment rollout that failed or did not finish in time.
 *
 * @public
 */
export class KubernetesRolloutError extends CustomErrorBase {
  /**
   * Why: the reason of the Deployment's failed Progressing condition (such as
   * ProgressDeadlineExceeded), or `Timeout`.
   */
  readonly reason: string;
  /** The rollout as last seen. */
  readonly status: KubernetesRolloutStatus;

  constructor(
    reason: string,
    status: KubernetesRolloutStatus,
    message: string,
  ) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}
