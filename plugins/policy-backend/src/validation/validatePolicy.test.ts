import fs from 'node:fs';
import path from 'node:path';
import { parsePolicyYaml } from '../model/parsePolicyYaml';
import { KnownService, validatePolicy } from './validatePolicy';

const CATALOG = new Map<string, KnownService>([
  ['payments-api', { tier: 'backend' }],
  ['checkout-web', { tier: 'frontend' }],
  ['fraud-service', { tier: 'backend' }],
  ['payments-db', { tier: 'database' }],
  ['orders-db', { tier: 'database' }],
]);

function validate(text: string) {
  const parsed = parsePolicyYaml(text);
  if (!parsed.document) return parsed.problems;
  return validatePolicy(parsed.document, parsed.lineOf, CATALOG);
}

const HEADER = `apiVersion: idp-platform.io/v1alpha1
kind: ServiceCommunicationPolicy
metadata:
  name: test
spec:
`;

describe('validatePolicy', () => {
  it.each(['payments-api', 'checkout-web', 'payments-api-access'])(
    'finds nothing wrong with examples/policies/%s.yaml',
    name => {
      const text = fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../../examples/policies',
          `${name}.yaml`,
        ),
        'utf8',
      );
      expect(validate(text)).toEqual([]);
    },
  );

  it('names the line of a service missing from the catalog', () => {
    const problems = validate(`${HEADER}  source:
    service: checkout-web
  destinations:
    - service: payments-api
      ports: [{ port: 8080 }]
    - service: paymnets-api
      ports: [{ port: 8080 }]
`);
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'unknown-service',
        message: 'service paymnets-api is not in the catalog',
        path: 'spec.destinations.1.service',
        line: 11,
      },
    ]);
  });

  it('reports schema errors with their line', () => {
    const problems = validate(`${HEADER}  source:
    service: checkout-web
  destinations:
    - service: payments-api
      ports: [{ port: 80800 }]
`);
    expect(problems).toMatchObject([
      {
        severity: 'error',
        code: 'schema',
        path: 'spec.destinations.0.ports.0.port',
        line: 10,
      },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = validate(
      `${HEADER}  source:\n    service: x\n   bad: indentation\n`,
    );
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'yaml',
      line: 8,
    });
  });

  it('flags a destination that is both allowed and denied, and HTTP rules on TCP ports', () => {
    const problems = validate(`${HEADER}  source:
    service: payments-api
  destinations:
    - service: payments-db
      ports: [{ port: 5432, protocol: TCP }]
      paths: [/admin]
  deniedDestinations:
    - service: payments-db
`);
    expect(problems.map(p => [p.severity, p.code, p.line])).toEqual([
      ['error', 'http-on-tcp', 11],
      ['error', 'contradiction', 13],
    ]);
  });

  it('flags contradicting and unreachable access rules', () => {
    const problems = validate(`${HEADER}  source:
    service: payments-api
  accessRules:
    issuer: https://auth.example.com
    jwksUri: https://auth.example.com/jwks.json
    rules:
      - name: readers
        claims: { groups: [readers] }
        methods: [GET]
      - name: no-readers
        action: deny
        claims: { groups: [readers] }
        methods: [GET]
      - name: contractor-refunds
        claims: { groups: [contractors] }
        paths: [/api/refunds/*]
      - name: no-contractors
        action: deny
        claims: { groups: [contractors, interns] }
        paths: [/api/*]
`);
    expect(problems.map(p => [p.severity, p.code, p.line, p.message])).toEqual([
      [
        'error',
        'contradiction',
        15,
        'no-readers denys exactly what readers (rule 0) allows',
      ],
      [
        'warning',
        'unreachable-rule',
        19,
        'contractor-refunds can never allow: deny rule no-contractors matches every request it matches, and DENY is decided before ALLOW',
      ],
    ]);
  });

  it('warns about tier mismatches and a frontend calling a database', () => {
    const problems = validate(`${HEADER}  source:
    service: checkout-web
  destinations:
    - service: payments-db
      tier: backend
      ports: [{ port: 5432, protocol: TCP }]
`);
    expect(problems.map(p => [p.severity, p.code, p.line])).toEqual([
      ['warning', 'tier-mismatch', 10],
    ]);
    const direct = validate(`${HEADER}  source:
    service: checkout-web
  destinations:
    - service: payments-db
      ports: [{ port: 5432, protocol: TCP }]
`);
    expect(direct.map(p => [p.severity, p.code, p.line])).toEqual([
      ['warning', 'tier-skip', 9],
    ]);
  });

  it('flags an external destination when external services are denied', () => {
    const problems = validate(`${HEADER}  source:
    service: payments-api
  destinations:
    - service: fraud-service
      tier: external
      ports: [{ port: 443, protocol: TLS }]
  restrictions:
    denyExternalServices: true
`);
    expect(problems.map(p => [p.severity, p.code, p.line])).toEqual([
      ['error', 'contradiction', 9],
      ['warning', 'tier-mismatch', 10],
    ]);
  });

  it('only warns about a source service the catalog does not know yet', () => {
    const problems = validate(`${HEADER}  source:
    service: new-service
  destinations:
    - service: payments-api
      ports: [{ port: 8080 }]
  scenarios:
    - kind: communication
      name: reaches payments
      from: new-service
      to: payments-api
      port: 8080
      expect: allow
`);
    expect(problems.map(p => [p.severity, p.code, p.line])).toEqual([
      ['warning', 'source-not-in-catalog', 7],
      ['warning', 'source-not-in-catalog', 14],
    ]);
  });
});
