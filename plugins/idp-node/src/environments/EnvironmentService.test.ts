import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentService } from './EnvironmentService';

describe('EnvironmentService', () => {
  it('names the known environments when asked for an unknown one', () => {
    const service = new EnvironmentService(DEFAULT_ENVIRONMENTS);
    expect(service.get('uat').requiredApprovals).toBe(1);
    expect(() => service.get('qa')).toThrow(
      'Unknown environment "qa"; known: development, staging, uat, production',
    );
  });
});
