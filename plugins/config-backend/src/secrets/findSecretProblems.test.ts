import { findSecretProblems } from './findSecretProblems';

describe('findSecretProblems', () => {
  it('flags plain values under secret-sounding keys and secret-shaped values, naming only the key', () => {
    const planted = 'sk_live_PLANTEDsecret0123456789';
    const problems = findSecretProblems(
      {
        database: { password: 'hunter2', passwordMinLength: 8, host: 'db' },
        stripe: { webhook: planted },
        github: { token: '' },
        url: 'postgres://app:s3cret@db:5432/app',
        safe: 'https://example.com/status',
      },
      '/values',
    );
    expect(problems.map(p => p.key)).toEqual([
      '/values/database/password',
      '/values/stripe/webhook',
      '/values/url',
    ]);
    expect(problems[1].message).toMatch(/^looks like a Stripe key/);
    expect(JSON.stringify(problems)).not.toContain(planted);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('accepts secret references and names the field of a malformed one', () => {
    expect(
      findSecretProblems({
        password: { secretRef: { store: 'vault', key: 'db', property: 'pw' } },
      }),
    ).toEqual([]);
    expect(
      findSecretProblems({ password: { secretRef: { store: 'vault' } } }),
    ).toEqual([
      {
        key: '/password',
        message: 'invalid secret reference: secretRef.key: Required',
      },
    ]);
  });
});
