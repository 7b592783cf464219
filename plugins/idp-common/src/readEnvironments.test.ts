import { ConfigReader } from '@backstage/config';
import { DEFAULT_ENVIRONMENTS } from './environments';
import { readEnvironments } from './readEnvironments';

describe('readEnvironments', () => {
  it('falls back to development, staging, uat and production', () => {
    expect(readEnvironments(new ConfigReader({})).map(e => e.name)).toEqual([
      'development',
      'staging',
      'uat',
      'production',
    ]);
    expect(readEnvironments(new ConfigReader({}))).toBe(DEFAULT_ENVIRONMENTS);
  });

  it('fills defaults from whether an environment is protected', () => {
    const [dev, prod] = readEnvironments(
      new ConfigReader({
        idp: {
          environments: [
            { name: 'dev', cluster: 'kind' },
            {
              name: 'prod',
              cluster: 'eks',
              protected: true,
              approvers: ['group:default/sre'],
            },
          ],
        },
      }),
    );
    expect(dev).toEqual({
      name: 'dev',
      cluster: 'kind',
      namespace: 'dev',
      protected: false,
      requiredApprovals: 0,
      approvers: [],
      security: { maxSeverity: 'high' },
      title: undefined,
    });
    expect(prod).toMatchObject({
      protected: true,
      requiredApprovals: 1,
      approvers: ['group:default/sre'],
      security: { maxSeverity: 'medium' },
    });
  });

  it('names the key of an invalid environment', () => {
    expect(() =>
      readEnvironments(
        new ConfigReader({
          idp: {
            environments: [
              { name: 'dev', cluster: 'a' },
              { name: 'dev', cluster: 'b' },
            ],
          },
        }),
      ),
    ).toThrow(
      'Invalid idp.environments[1].name: environment "dev" is defined twice',
    );
    expect(() =>
      readEnvironments(
        new ConfigReader({
          idp: { environments: [{ name: 'Prod_1', cluster: 'a' }] },
        }),
      ),
    ).toThrow('Invalid idp.environments[0].name: must be a DNS label');
    expect(() =>
      readEnvironments(
        new ConfigReader({
          idp: {
            environments: [
              {
                name: 'prod',
                cluster: 'a',
                security: { maxSeverity: 'severe' },
              },
            ],
          },
        }),
      ),
    ).toThrow(/Invalid idp.environments\[0\].security.maxSeverity/);
  });
});
