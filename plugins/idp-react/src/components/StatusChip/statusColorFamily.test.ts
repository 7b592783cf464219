import { statusColorFamily } from './statusColorFamily';

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

  it('ignores case, surrounding space, inner spaces and underscores', () => {
    expect(statusColorFamily('Succeeded')).toBe('success');
    expect(statusColorFamily(' In Review ')).toBe('warning');
    expect(statusColorFamily('OVERRIDE_FAIL')).toBe('error');
  });
});
