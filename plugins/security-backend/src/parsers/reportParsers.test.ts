import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { NormalizedFinding } from '@idp-platform/backstage-plugin-idp-common';
import { reportParsers } from './reportParsers';
import { ReportParser } from './ReportParser';

const examples = path.resolve(__dirname, '../../../../examples/security');
const example = (name: string) =>
  fs.createReadStream(path.join(examples, name));
const text = (value: unknown) =>
  Readable.from([
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  ]);

async function collect(parser: ReportParser, source: Readable) {
  const findings: NormalizedFinding[] = [];
  const iterator = parser(source);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { findings, summary: next.value };
    findings.push(next.value);
  }
}

describe('report parsers', () => {
  it('reads the real Trivy alpine 3.9 image report, severity from the NVD CVSS score', async () => {
    const { findings } = await collect(
      reportParsers.trivy,
      example('trivy-alpine-3.9.json'),
    );
    expect(findings).toHaveLength(6);
    expect(findings[0]).toEqual({
      vulnerabilityId: 'CVE-2019-1549',
      title: 'openssl: information disclosure in fork()',
      packageName: 'libcrypto1.1',
      installedVersion: '1.1.1b-r1',
      fixedVersion: '1.1.1d-r0',
      severity: 'medium',
      cvssScore: 5.3,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
      scanner: 'trivy',
      location: 'testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)',
    });
    expect(
      findings
        .filter(f => f.severity === 'critical')
        .map(f => [f.vulnerabilityId, f.packageName, f.cvssScore]),
    ).toEqual([
      ['CVE-2019-14697', 'musl', 9.8],
      ['CVE-2019-14697', 'musl-utils', 9.8],
    ]);
  });

  it('reads the real Trivy CycloneDX SBOM: packages with licenses and rated vulnerabilities', async () => {
    const { findings, summary } = await collect(
      reportParsers.cyclonedx,
      example('cyclonedx-trivy-fluentd.cdx.json'),
    );
    expect(summary.packages).toEqual([
      {
        name: 'debian',
        version: '10.2',
        type: 'operating-system',
        licenses: [],
      },
      {
        name: 'bash',
        version: '5.0-4',
        purl: 'pkg:deb/debian/bash@5.0-4?distro=debian-10.2',
        type: 'library',
        licenses: [],
      },
      {
        name: 'libidn2-0',
        version: '2.0.5-1',
        purl: 'pkg:deb/debian/libidn2-0@2.0.5-1?distro=debian-10.2',
        type: 'library',
        licenses: [],
      },
      {
        name: 'activesupport',
        version: '6.0.2.1',
        purl: 'pkg:gem/activesupport@6.0.2.1',
        type: 'library',
        licenses: ['MIT'],
      },
    ]);
    expect(
      findings.map(f => [
        f.vulnerabilityId,
        f.packageName,
        f.installedVersion,
        f.severity,
        f.cvssScore,
        f.scanner,
      ]),
    ).toEqual([
      ['CVE-2019-18224', 'libidn2-0', '2.0.5-1', 'critical', 9.8, 'trivy'],
      ['CVE-2019-18276', 'bash', '5.0-4', 'high', 7.8, 'trivy'],
      ['CVE-2020-8165', 'activesupport', '6.0.2.1', 'critical', 9.8, 'trivy'],
    ]);
  });

  it('reads real CodeQL SARIF with two runs, each run its own scanner, locations from artifact indexes', async () => {
    const { findings } = await collect(
      reportParsers.sarif,
      example('sarif-codeql.sarif'),
    );
    expect(
      findings.map(f => [f.scanner, f.vulnerabilityId, f.severity, f.location]),
    ).toEqual([
      ['LGTM.com', 'js/unused-local-variable', 'low', 'main.js:2'],
      [
        'CodeQL command-line toolchain',
        'js/unused-local-variable',
        'low',
        'main.js:2',
      ],
      [
        'CodeQL command-line toolchain',
        'js/inconsistent-use-of-new',
        'low',
        'src/promiseUtils.js:2',
      ],
    ]);
  });

  it('reads real Semgrep SARIF whose results come before the tool', async () => {
    const { findings } = await collect(
      reportParsers.sarif,
      example('sarif-semgrep.sarif'),
    );
    expect(findings).toEqual([
      {
        vulnerabilityId: 'rules.eqeq-is-bad',
        title:
          'useless comparison operation `a + b == a + b` or `a + b != a + b`',
        severity: 'high',
        cvssScore: undefined,
        scanner: 'Semgrep OSS',
        location: 'targets/basic/stupid.py:3',
      },
    ]);
  });

  it('takes the CVSS-like score from a rule security-severity before the level', async () => {
    const { findings } = await collect(
      reportParsers.sarif,
      text({
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'CodeQL',
                rules: [
                  {
                    id: 'js/sql-injection',
                    properties: { 'security-severity': '8.8' },
                  },
                ],
              },
            },
            results: [
              {
                ruleId: 'js/sql-injection',
                level: 'note',
                message: { text: 'Query built from user input' },
              },
            ],
          },
        ],
      }),
    );
    expect(findings[0]).toMatchObject({ severity: 'high', cvssScore: 8.8 });
  });

  it('names the place where a Trivy report breaks', async () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(examples, 'trivy-alpine-3.9.json'), 'utf8'),
    );
    delete report.Results[0].Vulnerabilities[4].PkgName;
    await expect(collect(reportParsers.trivy, text(report))).rejects.toThrow(
      'Invalid report: Results[0].Vulnerabilities[4].PkgName: required',
    );
    await expect(
      collect(reportParsers.trivy, text({ ...report, SchemaVersion: 1 })),
    ).rejects.toThrow('SchemaVersion: must be 2');
  });

  it('names the position of broken JSON', async () => {
    const broken = fs
      .readFileSync(path.join(examples, 'trivy-alpine-3.9.json'), 'utf8')
      .replace('"PkgName": "musl"', '"PkgName": musl');
    await expect(collect(reportParsers.trivy, text(broken))).rejects.toThrow(
      /^Invalid JSON at Results\[0\]\.Vulnerabilities\[4\] \(within the first \d+ bytes\): /,
    );
    await expect(
      collect(reportParsers.cyclonedx, text('{"bomFormat": "CycloneDX",')),
    ).rejects.toThrow(/^Invalid JSON: /);
    await expect(collect(reportParsers.sarif, text(''))).rejects.toThrow(
      /^Invalid JSON at the top level/,
    );
  });

  it('refuses a CycloneDX document the official schema refuses, naming the field', async () => {
    const bom = JSON.parse(
      fs.readFileSync(
        path.join(examples, 'cyclonedx-trivy-fluentd.cdx.json'),
        'utf8',
      ),
    );
    bom.components[2].type = 'spaceship';
    await expect(collect(reportParsers.cyclonedx, text(bom))).rejects.toThrow(
      /^Invalid report: components\[2\]\.type: must be equal to one of the allowed values/,
    );
  });

  it('skips CycloneDX vulnerabilities a VEX analysis marks as not affecting the product', async () => {
    const { findings } = await collect(
      reportParsers.cyclonedx,
      text({
        bomFormat: 'CycloneDX',
        specVersion: '1.4',
        version: 1,
        vulnerabilities: [
          { id: 'CVE-2020-25649', analysis: { state: 'not_affected' } },
          { id: 'CVE-2021-44228', ratings: [{ score: 10, method: 'CVSSv31' }] },
        ],
      }),
    );
    expect(findings.map(f => [f.vulnerabilityId, f.severity])).toEqual([
      ['CVE-2021-44228', 'critical'],
    ]);
  });
});
