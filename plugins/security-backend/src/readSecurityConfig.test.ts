import { ConfigReader } from '@backstage/config';
import { readSecurityConfig } from './readSecurityConfig';

describe('readSecurityConfig', () => {
  it('merges configured environment rules over the built-in policy', () => {
    const config = readSecurityConfig(
      new ConfigReader({
        idp: {
          security: {
            policy: {
              remediationDays: { medium: 30 },
              defaults: { requireSignature: true },
              environments: {
                staging: { medium: 'require-approval' },
                qa: { high: 'block' },
              },
            },
          },
        },
      }),
    );
    expect(config.policy.remediationDays).toEqual({
      critical: 7,
      high: 30,
      medium: 30,
    });
    expect(config.policy.defaults).toMatchObject({
      requireSignature: true,
      actions: { critical: 'block', high: 'allow' },
    });
    expect(config.policy.environments).toEqual({
      staging: {
        actions: { high: 'require-approval', medium: 'require-approval' },
      },
      production: { actions: { high: 'block' } },
      qa: { actions: { high: 'block' } },
    });
  });

  it('names the key of an unknown action', () => {
    expect(() =>
      readSecurityConfig(
        new ConfigReader({
          idp: {
            security: {
              policy: { environments: { production: { high: 'deny' } } },
            },
          },
        }),
      ),
    ).toThrow(
      'Invalid idp.security.policy.environments.production.high: must be one of block, require-approval, allow, got "deny"',
    );
  });
});
