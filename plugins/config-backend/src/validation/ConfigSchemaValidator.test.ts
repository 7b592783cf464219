import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigSchemaValidator } from './ConfigSchemaValidator';

const schema = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/config/payments-api.schema.json',
    ),
    'utf8',
  ),
);

const valid = {
  database: {
    host: 'db.internal',
    port: 5432,
    password: { secretRef: { store: 'vault', key: 'payments/db' } },
  },
  features: { refunds: true },
  constants: { currency: 'EUR', supportEmail: 'team@example.com' },
};

describe('ConfigSchemaValidator', () => {
  const validator = new ConfigSchemaValidator();

  it('accepts a configuration that matches, with a secret reference where the schema marks a secret', () => {
    expect(
      validator.problems(schema, [{ environment: 'dev', values: valid }]),
    ).toEqual([]);
  });

  it('names the key and the rule, per environment, including formats', () => {
    const problems = validator.problems(schema, [
      {
        environment: 'production',
        values: {
          ...valid,
          database: { ...valid.database, port: 70000 },
          constants: { currency: 'euro', supportEmail: 'not-an-email' },
        },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          environment: 'production',
          key: '/database/port',
          message: 'must be <= 65535',
        },
        {
          environment: 'production',
          key: '/constants/currency',
          message: 'must match pattern "^[A-Z]{3}$"',
        },
        {
          environment: 'production',
          key: '/constants/supportEmail',
          message: 'must match format "email"',
        },
      ]),
    );
    expect(() =>
      validator.check(schema, [
        {
          environment: 'production',
          values: { ...valid, database: { ...valid.database, port: 70000 } },
        },
      ]),
    ).toThrow('/database/port: must be <= 65535 (production)');
  });

  it('names missing required keys and refuses a plain value for a key marked x-secret without quoting it', () => {
    const problems = validator.problems(schema, [
      {
        environment: 'dev',
        values: {
          ...valid,
          database: {
            host: 'db.internal',
            port: 5432,
            password: 'hunter2-planted',
          },
          features: undefined as any,
        },
      },
    ]);
    expect(problems.map(p => p.key)).toEqual(
      expect.arrayContaining(['/features', '/database/password']),
    );
    expect(JSON.stringify(problems)).not.toContain('hunter2-planted');
  });

  it('refuses a schema that does not compile with an InputError', () => {
    expect(() =>
      validator.compile({
        type: 'object',
        properties: { a: { type: 'nope' } },
      }),
    ).toThrow(InputError);
  });
});
