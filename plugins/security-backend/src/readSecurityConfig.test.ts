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

  it('reads the waiver limit, 90 days unless configured', () => {
    expect(readSecurityConfig(new ConfigReader({})).waiverMaxDays).toBe(90);
    expect(
      readSecurityConfig(
        new ConfigReader({ idp: { security: { waivers: { maxDays: 30 } } } }),
      ).waiverMaxDays,
    ).toBe(30);
    expect(() =>
      readSecurityConfig(
        new ConfigReader({ idp: { security: { waivers: { maxDays: 0 } } } }),
      ),
    ).toThrow('Invalid idp.security.waivers.maxDays');
  });

  it('reads trusted SLSA builders and names a bad level', () => {
    expect(
      readSecurityConfig(
        new ConfigReader({
          idp: {
            security: {
              slsa: {
                builders: [
                  { idPrefix: 'https://build.acme.example/', level: 3 },
                ],
              },
            },
          },
        }),
      ).slsaBuilders,
    ).toEqual([{ idPrefix: 'https://build.acme.example/', level: 3 }]);
    expect(() =>
      readSecurityConfig(
        new ConfigReader({
          idp: {
            security: {
              slsa: { builders: [{ idPrefix: 'https://x/', level: 4 }] },
            },
          },
        }),
      ),
    ).toThrow(
      'Invalid idp.security.slsa.builders[0].level: must be 0, 1, 2 or 3, got 4',
    );
    expect(() =>
      readSecurityConfig(
        new ConfigReader({
          idp: { security: { signature: { tlogThreshold: 1 } } },
        }),
      ),
    ).toThrow(
      'idp.security.signature: name at least one of identities or keys',
    );
  });
});
