import {
  SecurityFinding,
  SecurityWaiver,
} from '@idp-platform/backstage-plugin-idp-common';
import { parseCsv } from '../__testUtils__/parseCsv';
import { COMPLIANCE_CSV_COLUMNS, ComplianceExport } from './ComplianceExport';

const finding: SecurityFinding = {
  id: 'f1',
  entityRef: 'component:default/payments-api',
  artifactDigest: `sha256:${'a'.repeat(64)}`,
  vulnerabilityId: 'CVE-2019-14697',
  title:
    'musl libc through 1.1.23 has an x87 "floating-point" stack adjustment, ...',
  packageName: 'musl',
  installedVersion: '1.1.20-r4',
  fixedVersion: '1.1.20-r5',
  severity: 'critical',
  cvssScore: 9.8,
  scanner: 'grype',
  scanners: ['grype', 'trivy'],
  status: 'open',
  firstSeen: '2026-11-20T10:00:00.000Z',
  lastSeen: '2026-11-20T10:00:00.000Z',
  dueAt: '2026-11-27T10:00:00.000Z',
};
const waiver: SecurityWaiver = {
  id: 'w1',
  entityRef: 'component:default/payments-api',
  vulnerabilityId: 'CVE-2019-14697',
  packageName: 'musl',
  justification: 'Not reachable, "x87" is never used,\r\nsee ADR-12',
  requestedBy: 'user:default/dana',
  approvedBy: ['user:default/sam', 'user:default/lee'],
  changeRequestId: 'w1',
  createdAt: '2026-11-21T00:00:00.000Z',
  approvedAt: '2026-11-21T01:00:00.000Z',
  expiresAt: '2026-12-21T00:00:00.000Z',
  state: 'active',
};

async function collect(chunks: AsyncIterable<string>) {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* findings(...items: SecurityFinding[]) {
  yield* items;
}

const exportOf = (...items: SecurityFinding[]) =>
  new ComplianceExport({
    entityRef: 'component:default/payments-api',
    generatedAt: '2026-11-25T12:00:00.000Z',
    findings: findings(...items),
    waivers: [waiver],
  });

describe('ComplianceExport', () => {
  it('writes a CSV with a header row that parses back to the same values, quotes, commas and line breaks included', async () => {
    const code: SecurityFinding = {
      ...finding,
      id: 'f2',
      vulnerabilityId: 'js/sql-injection',
      packageName: undefined,
      installedVersion: undefined,
      fixedVersion: undefined,
      cvssScore: undefined,
      location: 'src/db.ts:42',
      scanners: ['CodeQL'],
      status: 'fixed',
      dueAt: undefined,
    };
    const text = await collect(exportOf(finding, code).csv());
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    const records = rows.map(row =>
      Object.fromEntries(header.map((column, i) => [column, row[i]])),
    );
    expect(records).toEqual([
      expect.objectContaining({
        record: 'finding',
        id: 'f1',
        vulnerability: 'CVE-2019-14697',
        severity: 'critical',
        cvss: '9.8',
        package: 'musl',
        installed: '1.1.20-r4',
        fixed: '1.1.20-r5',
        scanners: 'grype;trivy',
        status: 'open',
        first_seen: '2026-11-20T10:00:00.000Z',
        due: '2026-11-27T10:00:00.000Z',
      }),
      expect.objectContaining({
        record: 'finding',
        id: 'f2',
        package: '',
        location: 'src/db.ts:42',
        cvss: '',
        status: 'fixed',
        due: '',
      }),
      expect.objectContaining({
        record: 'waiver',
        id: 'w1',
        vulnerability: 'CVE-2019-14697',
        package: 'musl',
        status: 'active',
        justification: 'Not reachable, "x87" is never used,\r\nsee ADR-12',
        requested_by: 'user:default/dana',
        approved_by: 'user:default/sam;user:default/lee',
        expires_at: '2026-12-21T00:00:00.000Z',
      }),
    ]);
    expect(rows.every(row => row.length === header.length)).toBe(true);
  });

  it('writes JSON with the entity, the time, the findings and the waivers', async () => {
    const text = await collect(exportOf(finding).json());
    expect(JSON.parse(text)).toEqual({
      entityRef: 'component:default/payments-api',
      generatedAt: '2026-11-25T12:00:00.000Z',
      findings: [finding],
      waivers: [waiver],
    });
    expect(JSON.parse(await collect(exportOf().json())).findings).toEqual([]);
  });

  it('names the file after the entity and the day', () => {
    expect(exportOf().fileName('csv')).toBe(
      'security-component-default-payments-api-2026-11-25.csv',
    );
  });
});
