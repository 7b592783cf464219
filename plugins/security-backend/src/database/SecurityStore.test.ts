import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { reportParsers } from '../parsers/reportParsers';
import { SecurityStore } from './SecurityStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const examples = path.resolve(__dirname, '../../../../examples/security');
const trivyReport = () =>
  JSON.parse(
    fs.readFileSync(path.join(examples, 'trivy-alpine-3.9.json'), 'utf8'),
  );
const asStream = (value: unknown) =>
  Readable.from([Buffer.from(JSON.stringify(value))]);

const entityRef = 'component:default/payments-api';
const digest = `sha256:${'a'.repeat(64)}`;

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await SecurityStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  return { store, knex };
}

describe.each(databases.eachSupportedId())(
  'SecurityStore on %s',
  databaseId => {
    const ingest = (
      store: SecurityStore,
      format: 'trivy' | 'cyclonedx' | 'sarif',
      report: unknown,
      now: string,
    ) =>
      store.ingestReport({
        entityRef,
        artifactDigest: digest,
        format,
        ownerRef: 'group:default/payments',
        systemRef: 'system:default/checkout',
        now,
        findings: reportParsers[format](asStream(report)),
      });

    it('stores a real Trivy report once; the same report again changes nothing', async () => {
      const { store, knex } = await createStore(databaseId);
      const first = await ingest(
        store,
        'trivy',
        trivyReport(),
        '2026-11-20T10:00:00.000Z',
      );
      expect(first.duplicate).toBe(false);
      expect(first.report).toMatchObject({
        entityRef,
        artifactDigest: digest,
        format: 'trivy',
        scanners: ['trivy'],
        findingCount: 6,
      });
      expect(await store.severityCounts({ artifactDigest: digest })).toEqual({
        none: 0,
        low: 0,
        medium: 4,
        high: 0,
        critical: 2,
      });
      const again = await ingest(
        store,
        'trivy',
        trivyReport(),
        '2026-11-21T10:00:00.000Z',
      );
      expect(again).toEqual({
        report: first.report,
        duplicate: true,
        fixed: 0,
      });
      expect(await knex('security_reports').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      expect(
        Number((await knex('security_reports').count({ n: '*' }))[0].n),
      ).toBe(1);
      expect(
        Number((await knex('security_findings').count({ n: '*' }))[0].n),
      ).toBe(6);
      const findings = await store.listFindings({
        entityRef,
        limit: 50,
        offset: 0,
      });
      expect(
        findings.items.every(f => f.lastSeen === '2026-11-20T10:00:00.000Z'),
      ).toBe(true);
    });

    it('deduplicates one vulnerability reported by two scanners and lists both scanners', async () => {
      const { store } = await createStore(databaseId);
      await ingest(store, 'trivy', trivyReport(), '2026-11-20T10:00:00.000Z');
      await ingest(
        store,
        'cyclonedx',
        {
          bomFormat: 'CycloneDX',
          specVersion: '1.5',
          version: 1,
          metadata: {
            tools: { components: [{ type: 'application', name: 'grype' }] },
          },
          components: [
            {
              type: 'library',
              'bom-ref': 'musl',
              name: 'musl',
              version: '1.1.20-r4',
            },
          ],
          vulnerabilities: [
            {
              id: 'CVE-2019-14697',
              ratings: [{ score: 9.8, method: 'CVSSv3', severity: 'critical' }],
              affects: [{ ref: 'musl' }],
            },
          ],
        },
        '2026-11-20T11:00:00.000Z',
      );
      const musl = await store.listFindings({
        entityRef,
        text: 'musl',
        limit: 50,
        offset: 0,
      });
      expect(musl.totalCount).toBe(2);
      const shared = musl.items.find(f => f.packageName === 'musl')!;
      expect(shared.scanners).toEqual(['grype', 'trivy']);
      expect(shared.firstSeen).toBe('2026-11-20T10:00:00.000Z');
      expect(shared.lastSeen).toBe('2026-11-20T11:00:00.000Z');
      const byGrype = await store.listFindings({
        entityRef,
        scanner: 'grype',
        limit: 50,
        offset: 0,
      });
      expect(byGrype.items.map(f => f.packageName)).toEqual(['musl']);
    });

    it('marks findings a newer report of the same scanner no longer has as fixed, and reopens them', async () => {
      const { store } = await createStore(databaseId);
      await ingest(store, 'trivy', trivyReport(), '2026-11-20T10:00:00.000Z');
      const patched = trivyReport();
      patched.Results[0].Vulnerabilities =
        patched.Results[0].Vulnerabilities.slice(0, 4);
      const result = await ingest(
        store,
        'trivy',
        patched,
        '2026-11-22T10:00:00.000Z',
      );
      expect(result.fixed).toBe(2);
      const fixed = await store.listFindings({
        entityRef,
        status: 'fixed',
        limit: 50,
        offset: 0,
      });
      expect(fixed.items.map(f => [f.packageName, f.fixedAt])).toEqual([
        ['musl', '2026-11-22T10:00:00.000Z'],
        ['musl-utils', '2026-11-22T10:00:00.000Z'],
      ]);
      const trend = await store.trend(entityRef, [
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
        '2026-11-22',
      ]);
      expect(trend.map(t => [t.date, t.open.critical, t.open.medium])).toEqual([
        ['2026-11-19', 0, 0],
        ['2026-11-20', 2, 4],
        ['2026-11-21', 2, 4],
        ['2026-11-22', 0, 4],
      ]);
      const regressed = trivyReport();
      regressed.Results[0].Vulnerabilities.shift();
      await ingest(store, 'trivy', regressed, '2026-11-23T10:00:00.000Z');
      expect(await store.severityCounts({ entityRef })).toMatchObject({
        critical: 2,
        medium: 3,
      });
    });

    it('stores nothing when a large report breaks after the first batches', async () => {
      const { store, knex } = await createStore(databaseId);
      const report = trivyReport();
      const template = report.Results[0].Vulnerabilities[0];
      report.Results[0].Vulnerabilities = Array.from(
        { length: 1300 },
        (_, i) => ({
          ...template,
          VulnerabilityID: `CVE-2026-${10000 + i}`,
        }),
      );
      delete report.Results[0].Vulnerabilities[1250].VulnerabilityID;
      await expect(
        ingest(store, 'trivy', report, '2026-11-20T10:00:00.000Z'),
      ).rejects.toThrow(
        'Results[0].Vulnerabilities[1250].VulnerabilityID: required',
      );
      for (const table of [
        'security_reports',
        'security_findings',
        'security_finding_scanners',
      ]) {
        expect(Number((await knex(table).count({ n: '*' }))[0].n)).toBe(0);
      }
      report.Results[0].Vulnerabilities.splice(1250, 1);
      const stored = await ingest(
        store,
        'trivy',
        report,
        '2026-11-20T10:00:00.000Z',
      );
      expect(stored.report.findingCount).toBe(1299);
      expect(
        Number((await knex('security_findings').count({ n: '*' }))[0].n),
      ).toBe(1299);
    });

    it('covers a vulnerability with an active waiver, in one package or in all, until it expires', async () => {
      const { store } = await createStore(databaseId);
      await ingest(store, 'trivy', trivyReport(), '2026-11-20T10:00:00.000Z');
      const waiver = {
        entityRef,
        vulnerabilityId: 'CVE-2019-14697',
        justification: 'Not reachable: we never call the affected function',
        requestedBy: 'user:default/dana',
        approvedBy: ['user:default/sam'],
        approvedAt: '2026-11-21T00:00:00.000Z',
        createdAt: '2026-11-20T12:00:00.000Z',
        expiresAt: '2026-12-01T00:00:00.000Z',
      };
      await store.insertWaiver({
        ...waiver,
        id: 'w-musl',
        packageName: 'musl',
      });
      const gate = (now: string) =>
        store.gateFindings({
          entityRef,
          artifactDigest: digest,
          minSeverity: 'critical',
          now,
        });
      const waived = await gate('2026-11-25T00:00:00.000Z');
      expect(waived.map(f => [f.packageName, f.waiverId])).toEqual([
        ['musl', 'w-musl'],
        ['musl-utils', undefined],
      ]);
      await store.insertWaiver({ ...waiver, id: 'w-all' });
      const all = await gate('2026-11-25T00:00:00.000Z');
      expect(all.every(f => f.waiverId !== undefined)).toBe(true);
      expect(all).toHaveLength(2);
      const expired = await gate('2026-12-01T00:00:00.000Z');
      expect(expired.map(f => f.waiverId)).toEqual([undefined, undefined]);
      expect(
        (await store.listWaivers(entityRef, '2026-11-25T00:00:00.000Z')).map(
          w => [w.id, w.packageName, w.state, w.approvedBy],
        ),
      ).toEqual([
        ['w-all', undefined, 'active', ['user:default/sam']],
        ['w-musl', 'musl', 'active', ['user:default/sam']],
      ]);
      expect(
        (await store.listWaivers(entityRef, '2026-12-02T00:00:00.000Z')).map(
          w => w.state,
        ),
      ).toEqual(['expired', 'expired']);
    });

    it('reads every finding of an entity in batches, oldest first, each once', async () => {
      const { store } = await createStore(databaseId);
      await ingest(store, 'trivy', trivyReport(), '2026-11-20T10:00:00.000Z');
      const patched = trivyReport();
      patched.Results[0].Vulnerabilities[0].VulnerabilityID = 'CVE-2026-0001';
      await ingest(store, 'trivy', patched, '2026-11-21T10:00:00.000Z');
      const all = [];
      for await (const finding of store.allFindings(entityRef, 4)) {
        all.push(finding);
      }
      expect(all).toHaveLength(7);
      expect(new Set(all.map(f => f.id)).size).toBe(7);
      expect(all.map(f => f.firstSeen)).toEqual([
        ...Array(6).fill('2026-11-20T10:00:00.000Z'),
        '2026-11-21T10:00:00.000Z',
      ]);
      expect(all[6].vulnerabilityId).toBe('CVE-2026-0001');
      expect(all.filter(f => f.status === 'fixed')).toHaveLength(1);
      const ids = all.slice(0, 6).map(f => f.id);
      expect(ids).toEqual([...ids].sort());
    });

    it('keeps the packages of a CycloneDX report as the artifact SBOM', async () => {
      const { store } = await createStore(databaseId);
      const bom = JSON.parse(
        fs.readFileSync(
          path.join(examples, 'cyclonedx-trivy-fluentd.cdx.json'),
          'utf8',
        ),
      );
      await ingest(store, 'cyclonedx', bom, '2026-11-20T10:00:00.000Z');
      const sbom = await store.latestSbom({
        entityRef,
        artifactDigest: digest,
      });
      expect(sbom?.packages.map(p => [p.name, p.version, p.licenses])).toEqual([
        ['debian', '10.2', []],
        ['bash', '5.0-4', []],
        ['libidn2-0', '2.0.5-1', []],
        ['activesupport', '6.0.2.1', ['MIT']],
      ]);
      expect(await store.openCountsBy('owner_ref')).toEqual([
        {
          key: 'group:default/payments',
          open: { none: 0, low: 0, medium: 0, high: 1, critical: 2 },
        },
      ]);
    });
  },
);
