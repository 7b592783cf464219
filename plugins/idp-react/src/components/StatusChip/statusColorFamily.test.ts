import {
  McpDeploymentPhase,
  PROMOTION_STATES,
  PromotionState,
  mcpDeploymentPhases,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusColorFamily, statusColorFamily } from './statusColorFamily';

describe('statusColorFamily', () => {
  it('puts every documented status in its colour family', () => {
    const expected = {
      success: [
        'approved',
        'applied',
        'succeeded',
        'healthy',
        'pass',
        'ready',
        'up',
        'verified',
      ],
      warning: [
        'pending',
        'waiting',
        'running',
        'verifying',
        'degraded',
        'in-review',
        'scheduled',
        'override-pass',
      ],
      error: [
        'rejected',
        'failed',
        'errored',
        'down',
        'fail',
        'blocked',
        'expired',
        'override-fail',
      ],
      neutral: ['cancelled', 'aborted', 'unknown', 'draft', 'stopped'],
    };
    for (const [family, statuses] of Object.entries(expected)) {
      for (const status of statuses) {
        expect([status, statusColorFamily(status)]).toEqual([status, family]);
      }
    }
  });

  it('colours every promotion state by how it is going', () => {
    // Typed over every state, so a new state fails to compile until it has a colour.
    const expected: Record<PromotionState, StatusColorFamily> = {
      requested: 'warning',
      'waiting-for-gates': 'warning',
      'waiting-for-approval': 'warning',
      deploying: 'warning',
      verifying: 'warning',
      succeeded: 'success',
      failed: 'error',
      'rolled-back': 'error',
    };
    for (const state of PROMOTION_STATES) {
      expect([state, statusColorFamily(state)]).toEqual([
        state,
        expected[state],
      ]);
    }
  });

  it('colours every MCP hosting phase', () => {
    const expected: Record<McpDeploymentPhase, StatusColorFamily> = {
      Pending: 'warning',
      Ready: 'success',
      Failed: 'error',
      Stopped: 'neutral',
    };
    for (const phase of mcpDeploymentPhases) {
      expect([phase, statusColorFamily(phase)]).toEqual([
        phase,
        expected[phase],
      ]);
    }
  });

  it('ignores case, surrounding space, inner spaces and underscores', () => {
    expect(statusColorFamily('Succeeded')).toBe('success');
    expect(statusColorFamily(' In Review ')).toBe('warning');
    expect(statusColorFamily('OVERRIDE_FAIL')).toBe('error');
  });
});
