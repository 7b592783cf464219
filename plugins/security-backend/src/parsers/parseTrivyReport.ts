import { InputError } from '@backstage/errors';
import { NormalizedFinding } from '@idp-platform/backstage-plugin-idp-common';
import { z } from 'zod';
import { JsonPath } from './formatJsonPath';
import { parseItem } from './parseItem';
import { readJsonItems } from './readJsonItems';
import { ReportParser } from './ReportParser';
import { resolveSeverity } from './resolveSeverity';

const cvssSchema = z
  .object({
    V3Score: z.number().optional(),
    V3Vector: z.string().optional(),
  })
  .passthrough();

const vulnerabilitySchema = z.object({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string().min(1),
  PkgPath: z.string().optional(),
  InstalledVersion: z.string().optional(),
  FixedVersion: z.string().optional(),
  Severity: z.string().optional(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  CVSS: z.record(cvssSchema).optional(),
});

const misconfigurationSchema = z.object({
  ID: z.string().min(1),
  Title: z.string().optional(),
  Message: z.string().optional(),
  Severity: z.string().optional(),
  Status: z.string().optional(),
  CauseMetadata: z
    .object({ StartLine: z.number().optional() })
    .passthrough()
    .optional(),
});

// Trivy's own precedence when several vendors scored the CVE.
const CVSS_SOURCES = ['nvd', 'redhat', 'ghsa'];

function pickCvss(cvss: z.infer<typeof vulnerabilitySchema>['CVSS']) {
  if (!cvss) return undefined;
  const sources = [
    ...CVSS_SOURCES,
    ...Object.keys(cvss).filter(s => !CVSS_SOURCES.includes(s)),
  ];
  for (const source of sources) {
    const entry = cvss[source];
    if (entry?.V3Score !== undefined) {
      return { score: entry.V3Score, vector: entry.V3Vector };
    }
  }
  return undefined;
}

const isResultField = (path: JsonPath, field: string) =>
  path.length === 3 && path[0] === 'Results' && path[2] === field;

const isResultItem = (path: JsonPath) =>
  path.length === 4 &&
  path[0] === 'Results' &&
  (path[2] === 'Vulnerabilities' || path[2] === 'Misconfigurations') &&
  typeof path[3] === 'number';

/**
 * Trivy JSON (SchemaVersion 2), images and filesystems alike: every
 * `Results[].Vulnerabilities[]` and failed `Results[].Misconfigurations[]`.
 */
export const parseTrivyReport: ReportParser = async function* parseTrivy(
  source,
) {
  let schemaVersion: unknown;
  const targets = new Map<number, string>();
  const items = readJsonItems(
    source,
    path =>
      (path.length === 1 && path[0] === 'SchemaVersion') ||
      isResultField(path, 'Target') ||
      isResultItem(path),
  );
  for await (const { path, value } of items) {
    if (path.length === 1) {
      schemaVersion = value;
      if (value !== 2) {
        throw new InputError(
          `Invalid report: SchemaVersion: must be 2, got ${JSON.stringify(
            value,
          )}`,
        );
      }
      continue;
    }
    const resultIndex = path[1] as number;
    if (path[2] === 'Target') {
      targets.set(resultIndex, String(value));
      continue;
    }
    const target = targets.get(resultIndex);
    if (path[2] === 'Vulnerabilities') {
      const vulnerability = parseItem(vulnerabilitySchema, value, path);
      const cvss = pickCvss(vulnerability.CVSS);
      const finding: NormalizedFinding = {
        vulnerabilityId: vulnerability.VulnerabilityID,
        title:
          vulnerability.Title ??
          vulnerability.Description?.slice(0, 200) ??
          vulnerability.VulnerabilityID,
        packageName: vulnerability.PkgName,
        installedVersion: vulnerability.InstalledVersion,
        fixedVersion: vulnerability.FixedVersion || undefined,
        severity: resolveSeverity(cvss?.score, vulnerability.Severity),
        cvssScore: cvss?.score,
        cvssVector: cvss?.vector,
        scanner: 'trivy',
        location: vulnerability.PkgPath ?? target,
      };
      yield finding;
    } else {
      const misconfiguration = parseItem(misconfigurationSchema, value, path);
      if (misconfiguration.Status && misconfiguration.Status !== 'FAIL') {
        continue;
      }
      const line = misconfiguration.CauseMetadata?.StartLine;
      yield {
        vulnerabilityId: misconfiguration.ID,
        title:
          misconfiguration.Title ??
          misconfiguration.Message ??
          misconfiguration.ID,
        severity: resolveSeverity(undefined, misconfiguration.Severity),
        scanner: 'trivy',
        location: line !== undefined ? `${target}:${line}` : target,
      };
    }
  }
  if (schemaVersion === undefined) {
    throw new InputError(
      'Invalid report: SchemaVersion: required (is this a Trivy JSON report?)',
    );
  }
  return { scanners: ['trivy'] };
};
