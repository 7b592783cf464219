import { GateVerdict } from '@idp-platform/backstage-plugin-idp-common';
import {
  InMemoryPromotionApi,
  aChangeRequest,
  aPromotion,
  anArtifact,
  artifactIdOf,
} from './InMemoryPromotionApi';

const verdict = (
  type: GateVerdict['type'],
  status: GateVerdict['status'],
  reason: string,
): GateVerdict => ({
  type,
  status,
  reason,
  judgedBy: 'system',
  judgedAt: '2026-01-10T11:00:00.000Z',
});

/**
 * payments-api mid-flight: 1.1.0 verified in development, 1.0.0 in staging
 * after a rolled-back 1.1.0 attempt, and 1.0.0 waiting for approval to
 * production, requested by alice.
 */
export function paymentsScenario(
  options: { currentUserRef?: string } = {},
): InMemoryPromotionApi {
  const verifiedAt = {
    verifiedAt: '2026-01-09T14:00:00.000Z',
    longestSoak: 'PT20H',
  };
  return new InMemoryPromotionApi({
    currentUserRef: options.currentUserRef,
    artifacts: [
      anArtifact('1.1.0', {
        currentlyIn: { development: { since: '2026-01-09T16:00:00.000Z' } },
        verifiedIn: { development: verifiedAt },
      }),
      anArtifact('1.0.0', {
        currentlyIn: { staging: { since: '2026-01-09T15:00:00.000Z' } },
        verifiedIn: { development: verifiedAt, staging: verifiedAt },
      }),
    ],
    promotions: [
      aPromotion({
        id: 'p-dev-100',
        environment: 'development',
        artifactId: artifactIdOf('1.0.0'),
        requestedAt: '2026-01-09T13:00:00.000Z',
        updatedAt: '2026-01-09T13:05:00.000Z',
      }),
      aPromotion({
        id: 'p-staging-100',
        environment: 'staging',
        artifactId: artifactIdOf('1.0.0'),
        requestedAt: '2026-01-09T14:00:00.000Z',
        updatedAt: '2026-01-09T14:05:00.000Z',
      }),
      aPromotion({
        id: 'p-dev-110',
        environment: 'development',
        artifactId: artifactIdOf('1.1.0'),
        requestedAt: '2026-01-09T15:00:00.000Z',
        updatedAt: '2026-01-09T15:05:00.000Z',
      }),
      aPromotion({
        id: 'p-staging-110',
        environment: 'staging',
        artifactId: artifactIdOf('1.1.0'),
        state: 'rolled-back',
        requestedAt: '2026-01-09T16:00:00.000Z',
        updatedAt: '2026-01-09T16:10:00.000Z',
        message: 'Health check answered 503',
        steps: [
          {
            state: 'requested',
            actor: 'user:default/alice',
            message: 'Requested',
            at: '2026-01-09T16:00:00.000Z',
          },
          {
            state: 'deploying',
            actor: 'system',
            message: 'Applying the image',
            at: '2026-01-09T16:01:00.000Z',
          },
          {
            state: 'rolled-back',
            actor: 'system',
            message: 'Health check answered 503',
            at: '2026-01-09T16:10:00.000Z',
          },
        ],
      }),
      aPromotion({
        id: 'p-staging-rollback',
        environment: 'staging',
        artifactId: artifactIdOf('1.0.0'),
        kind: 'rollback',
        rollbackOf: 'p-staging-110',
        requestedBy: 'system',
        requestedAt: '2026-01-09T16:11:00.000Z',
        updatedAt: '2026-01-09T16:15:00.000Z',
        gates: [
          verdict(
            'previous-stage',
            'pass',
            '1.0.0 was verified in staging before',
          ),
          verdict('security', 'pass', 'No findings above medium'),
        ],
      }),
      aPromotion({
        id: 'p-prod-100',
        environment: 'production',
        artifactId: artifactIdOf('1.0.0'),
        state: 'waiting-for-approval',
        requestedBy: 'user:default/alice',
        requestedAt: '2026-01-10T11:00:00.000Z',
        updatedAt: '2026-01-10T11:00:00.000Z',
        changeRequestId: 'cr-1',
        message: 'Waiting for 1 approval',
        gates: [
          verdict('previous-stage', 'pass', '1.0.0 is verified in staging'),
          verdict('soak-time', 'pass', 'Soaked 20h in staging (minimum 1h)'),
          verdict('security', 'pass', 'No findings above medium'),
          verdict('approval', 'pending', '0 of 1 approvals'),
        ],
      }),
    ],
    changeRequests: [aChangeRequest({ id: 'cr-1' })],
  });
}
