import { PipelineStageView } from '@idp-platform/backstage-plugin-idp-common';
import { aPromotion, anArtifact } from '../../testing/InMemoryPromotionApi';
import { promoteBlockedReason } from './promoteBlockedReason';

const stageOf = (overrides: Partial<PipelineStageView>): PipelineStageView => ({
  environment: {
    name: 'production',
    title: 'Production',
    protected: true,
    requiredApprovals: 1,
  },
  verified: false,
  gates: [],
  freeze: { closed: false },
  ...overrides,
});

const staging = stageOf({
  environment: { name: 'staging', protected: false, requiredApprovals: 0 },
  artifact: anArtifact('1.0.0'),
  verified: true,
});

describe('promoteBlockedReason', () => {
  it('lets a stage be promoted when nothing stands in the way', () => {
    expect(
      promoteBlockedReason({
        stage: stageOf({}),
        previousStage: staging,
        canPromote: true,
        artifactCount: 1,
      }),
    ).toBeUndefined();
  });

  it('names the freeze window and when it opens', () => {
    const reason = promoteBlockedReason({
      stage: stageOf({
        freeze: {
          closed: true,
          reason: 'weekend freeze',
          nextOpen: '2026-01-12T08:00:00Z',
        },
      }),
      previousStage: staging,
      canPromote: true,
      artifactCount: 1,
    });
    expect(reason).toMatch(/^Production is frozen: weekend freeze; opens /);
  });

  it('names the gate that failed for the artifact that would move on', () => {
    const failed = aPromotion({
      environment: 'production',
      artifactId: anArtifact('1.0.0').id,
      state: 'failed',
    });
    expect(
      promoteBlockedReason({
        stage: stageOf({
          lastPromotion: failed,
          gates: [
            {
              type: 'security',
              status: 'fail',
              reason: '1 critical finding (CVE-2026-1234)',
              judgedBy: 'system',
              judgedAt: '2026-01-10T10:00:00Z',
            },
          ],
        }),
        previousStage: staging,
        canPromote: true,
        artifactCount: 1,
      }),
    ).toBe(
      'The security gate failed for this artifact: 1 critical finding (CVE-2026-1234)',
    );
  });

  it('refuses without the promote permission', () => {
    expect(
      promoteBlockedReason({
        stage: stageOf({}),
        previousStage: staging,
        canPromote: false,
        artifactCount: 1,
      }),
    ).toBe(
      'You are not allowed to promote this component (idp.promotion.promote).',
    );
  });
});
