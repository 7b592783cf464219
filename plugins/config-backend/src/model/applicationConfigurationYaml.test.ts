import fs from 'node:fs';
import path from 'node:path';
import {
  parseApplicationConfigurationYaml,
  toApplicationConfigurationYaml,
} from './applicationConfigurationYaml';
import { applySpecOperations, operationsOf } from './applySpecOperations';
import { diffSpecs } from './diffSpecs';
import { setConfigValue } from './setConfigValue';

const exampleYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../../examples/config/payments-api.yaml'),
  'utf8',
);

describe('ApplicationConfiguration YAML', () => {
  it('round-trips the example through export and import', () => {
    const parsed = parseApplicationConfigurationYaml(exampleYaml);
    expect(parsed.metadata).toEqual({
      name: 'payments-api',
      application: 'component:default/payments-api',
      description: 'Payment processing API',
    });
    expect(parsed.spec.environments.production.database).toMatchObject({
      port: 6432,
    });
    const again = parseApplicationConfigurationYaml(
      toApplicationConfigurationYaml(parsed),
    );
    expect(again).toEqual(parsed);
  });

  it('reports a syntax error by line without quoting the document', () => {
    const broken = 'apiVersion: x\nkind: [unclosed\n  token: ghp_PLANTED\n';
    expect(() => parseApplicationConfigurationYaml(broken)).toThrow(
      /^yaml: line \d+, column \d+: /,
    );
    const error = (() => {
      try {
        return parseApplicationConfigurationYaml(broken);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(String(error)).not.toContain('PLANTED');
  });

  it('names the field of a document that is not an ApplicationConfiguration', () => {
    expect(() =>
      parseApplicationConfigurationYaml(
        exampleYaml.replace('name: payments-api', 'name: Payments_API'),
      ),
    ).toThrow(/metadata\.name: must be a DNS label/);
  });
});

describe('spec diffs and operations', () => {
  it('diffs leaves and whole flags, and the operations of a diff rebuild the target', () => {
    const before = parseApplicationConfigurationYaml(exampleYaml).spec;
    const after = {
      ...before,
      values: setConfigValue(before.values, '/constants/currency', 'USD'),
      environments: {
        ...before.environments,
        staging: setConfigValue(
          before.environments.staging,
          '/database/port',
          undefined,
        ),
      },
      flags: { ...before.flags, extra: { ...before.flags['new-checkout'] } },
    };
    const entries = diffSpecs(before, after);
    expect(entries.map(e => [e.path, e.kind])).toEqual([
      ['/environments/staging/database/port', 'removed'],
      ['/flags/extra', 'added'],
      ['/values/constants/currency', 'changed'],
    ]);
    expect(applySpecOperations(before, operationsOf(entries))).toEqual(after);
    expect(
      diffSpecs(after, applySpecOperations(before, operationsOf(entries))),
    ).toEqual([]);
  });
});
