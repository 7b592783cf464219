import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { applicationConfigurationSchema } from '@idp-platform/backstage-plugin-idp-common';
import { renderFlagdConfiguration } from './renderFlagdConfiguration';

const fixtures = path.resolve(__dirname, '../__testUtils__/flagd');
const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8'));

function flagdValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(readJson('targeting.json'));
  return ajv.compile(readJson('flags.json'));
}

const example = applicationConfigurationSchema.parse(
  yaml.load(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples/config/payments-api.yaml'),
      'utf8',
    ),
  ),
);

describe('renderFlagdConfiguration', () => {
  const validate = flagdValidator();

  it('renders percentage rollouts as fractional targeting that the flagd schema accepts', () => {
    for (const environment of ['development', 'staging', 'uat', 'production']) {
      const exported = renderFlagdConfiguration(
        example.spec.flags,
        environment,
      );
      const valid = validate(exported);
      expect({ environment, errors: validate.errors ?? null }).toEqual({
        environment,
        errors: null,
      });
      expect(valid).toBe(true);
    }
    expect(renderFlagdConfiguration(example.spec.flags, 'production')).toEqual({
      $schema: 'https://flagd.dev/schema/v0/flags.json',
      flags: {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: {
            fractional: [
              ['on', 10],
              ['off', 90],
            ],
          },
        },
        'payout-speed': {
          state: 'DISABLED',
          variants: {
            standard: 'standard',
            express: 'express',
            instant: 'instant',
          },
          defaultVariant: 'standard',
        },
      },
    });
  });

  it('leaves out flags not set up for an environment and serves a lone 100% variant by default', () => {
    const exported = renderFlagdConfiguration(
      {
        beta: {
          type: 'boolean',
          defaultVariant: 'off',
          environments: {
            staging: {
              state: 'ENABLED',
              rollout: [
                { variant: 'on', percentage: 100 },
                { variant: 'off', percentage: 0 },
              ],
            },
          },
        },
      },
      'staging',
    );
    expect(exported.flags.beta).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
    });
    expect(validate(exported)).toBe(true);
    expect(
      renderFlagdConfiguration(
        { beta: { type: 'boolean', defaultVariant: 'off', environments: {} } },
        'production',
      ).flags,
    ).toEqual({});
  });

  it('is checked by a validator that rejects what flagd rejects', () => {
    expect(
      validate({
        flags: {
          broken: {
            state: 'ON',
            variants: { on: true },
            defaultVariant: 'on',
          },
        },
      }),
    ).toBe(false);
    expect(
      validate({
        flags: {
          mixed: {
            state: 'ENABLED',
            variants: { a: 'x', b: 1 },
            defaultVariant: 'a',
            targeting: { fractional: [['a', 'fifty']] },
          },
        },
      }),
    ).toBe(false);
  });
});
