import {
  DEFAULT_ENVIRONMENTS,
  nextEnvironment,
  previousEnvironment,
} from './environments';
import { compareSeverity, severityFromCvss } from './severity';

describe('environments', () => {
  it('walks the promotion order in both directions', () => {
    expect(nextEnvironment(DEFAULT_ENVIRONMENTS, 'staging')?.name).toBe('uat');
    expect(nextEnvironment(DEFAULT_ENVIRONMENTS, 'production')).toBeUndefined();
    expect(previousEnvironment(DEFAULT_ENVIRONMENTS, 'staging')?.name).toBe(
      'development',
    );
    expect(
      previousEnvironment(DEFAULT_ENVIRONMENTS, 'development'),
    ).toBeUndefined();
    expect(nextEnvironment(DEFAULT_ENVIRONMENTS, 'qa')).toBeUndefined();
  });

  it('never admits a critical finding in the default environments', () => {
    for (const environment of DEFAULT_ENVIRONMENTS) {
      expect(
        compareSeverity(environment.security.maxSeverity, 'critical'),
      ).toBeLessThan(0);
    }
  });
});

describe('severityFromCvss', () => {
  it('follows the CVSS v3 rating boundaries', () => {
    expect(
      [0, 0.1, 3.9, 4.0, 6.9, 7.0, 8.9, 9.0, 10].map(severityFromCvss),
    ).toEqual([
      'none',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });
});
