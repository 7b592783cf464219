import { Readable } from 'node:stream';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { InputError } from '@backstage/errors';
import {
  NormalizedFinding,
  SbomPackage,
} from '@idp-platform/backstage-plugin-idp-common';
import { z } from 'zod';
import { parseItem } from './parseItem';
import { ReportParser } from './ReportParser';
import { resolveSeverity } from './resolveSeverity';

const licenseSchema = z
  .object({
    license: z
      .object({ id: z.string().optional(), name: z.string().optional() })
      .passthrough()
      .optional(),
    expression: z.string().optional(),
  })
  .passthrough();

type Component = {
  'bom-ref'?: string;
  type?: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  licenses?: Array<z.infer<typeof licenseSchema>>;
  components?: Component[];
};

const componentSchema: z.ZodType<Component> = z.lazy(() =>
  z
    .object({
      'bom-ref': z.string().optional(),
      type: z.string().optional(),
      name: z.string().min(1),
      group: z.string().optional(),
      version: z.string().optional(),
      purl: z.string().optional(),
      licenses: z.array(licenseSchema).optional(),
      components: z.array(componentSchema).optional(),
    })
    .passthrough(),
);

const ratingSchema = z
  .object({
    source: z.object({ name: z.string().optional() }).passthrough().optional(),
    score: z.number().optional(),
    severity: z.string().optional(),
    method: z.string().optional(),
    vector: z.string().optional(),
  })
  .passthrough();

const vulnerabilitySchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    detail: z.string().optional(),
    ratings: z.array(ratingSchema).optional(),
    analysis: z
      .object({ state: z.string().optional() })
      .passthrough()
      .optional(),
    affects: z
      .array(
        z
          .object({
            ref: z.string().min(1),
            versions: z
              .array(
                z
                  .object({
                    version: z.string().optional(),
                    status: z.string().optional(),
                  })
                  .passthrough(),
              )
              .optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

const bomSchema = z
  .object({
    bomFormat: z.literal('CycloneDX'),
    specVersion: z.string(),
    metadata: z
      .object({
        tools: z
          .union([
            z.array(z.object({ name: z.string().optional() }).passthrough()),
            z
              .object({
                components: z
                  .array(
                    z.object({ name: z.string().optional() }).passthrough(),
                  )
                  .optional(),
                services: z
                  .array(
                    z.object({ name: z.string().optional() }).passthrough(),
                  )
                  .optional(),
              })
              .passthrough(),
          ])
          .optional(),
      })
      .passthrough()
      .optional(),
    components: z.array(z.unknown()).optional(),
    vulnerabilities: z.array(z.unknown()).optional(),
  })
  .passthrough();

// VEX states under which the product is not exposed.
const NOT_EXPOSED = new Set([
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
]);

const METHOD_PREFERENCE = ['CVSSv4', 'CVSSv31', 'CVSSv3', 'CVSSv2', 'OWASP'];
const SOURCE_PREFERENCE = ['nvd', 'ghsa', 'redhat'];

function rank(list: string[], value: string | undefined) {
  const index = list.indexOf(value ?? '');
  return index < 0 ? list.length : index;
}

function pickRating(ratings: Array<z.infer<typeof ratingSchema>>) {
  const scored = ratings
    .filter(r => r.score !== undefined)
    .sort(
      (a, b) =>
        rank(METHOD_PREFERENCE, a.method) - rank(METHOD_PREFERENCE, b.method) ||
        rank(SOURCE_PREFERENCE, a.source?.name?.toLowerCase()) -
          rank(SOURCE_PREFERENCE, b.source?.name?.toLowerCase()),
    );
  return { scored: scored[0], label: ratings.find(r => r.severity)?.severity };
}

function licensesOf(component: Component): string[] {
  return (component.licenses ?? [])
    .map(l => l.expression ?? l.license?.id ?? l.license?.name)
    .filter((l): l is string => Boolean(l));
}

async function readAll(source: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function jsonPointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part, index) =>
      /^\d+$/.test(part) ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`,
    )
    .join('');
}

/**
 * CycloneDX JSON: validated against the official schema of its specVersion
 * with @cyclonedx/cyclonedx-library, components become the SBOM, and every
 * vulnerability affecting a component becomes a finding (VEX states that say
 * the product is not exposed are skipped).
 */
export const parseCycloneDxReport: ReportParser = async function* parseCdx(
  source,
) {
  const text = await readAll(source);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`Invalid JSON: ${(error as Error).message}`);
  }
  const bom = parseItem(bomSchema, document, []);
  const version = Object.values(Spec.Version).find(v => v === bom.specVersion);
  if (!version) {
    throw new InputError(
      `Invalid report: specVersion: unsupported CycloneDX version "${bom.specVersion}"`,
    );
  }
  if (Spec.SpecVersionDict[version]?.supportsFormat(Spec.Format.JSON)) {
    const errors = await new Validation.JsonValidator(version).validate(text);
    if (errors) {
      const problems = (
        errors as Array<{ instancePath?: string; message?: string }>
      )
        .slice(0, 5)
        .map(
          e =>
            `${jsonPointerToPath(e.instancePath ?? '') || 'bom'}: ${e.message}`,
        );
      throw new InputError(`Invalid report: ${problems.join('; ')}`);
    }
  }

  const tools = bom.metadata?.tools;
  const toolNames = Array.isArray(tools)
    ? tools.map(t => t.name)
    : [...(tools?.components ?? []), ...(tools?.services ?? [])].map(
        t => t.name,
      );
  const scanner = toolNames.find((n): n is string => Boolean(n)) ?? 'cyclonedx';

  const packages: SbomPackage[] = [];
  const byRef = new Map<string, Component>();
  const visit = (components: unknown[], path: Array<string | number>) => {
    components.forEach((raw, index) => {
      const component = parseItem(componentSchema, raw, [...path, index]);
      if (component['bom-ref']) byRef.set(component['bom-ref'], component);
      packages.push({
        name: component.group
          ? `${component.group}/${component.name}`
          : component.name,
        version: component.version,
        purl: component.purl,
        type: component.type,
        licenses: licensesOf(component),
      });
      if (component.components) {
        visit(component.components, [...path, index, 'components']);
      }
    });
  };
  visit(bom.components ?? [], ['components']);

  for (const [index, raw] of (bom.vulnerabilities ?? []).entries()) {
    const vulnerability = parseItem(vulnerabilitySchema, raw, [
      'vulnerabilities',
      index,
    ]);
    if (NOT_EXPOSED.has(vulnerability.analysis?.state ?? '')) continue;
    const { scored, label } = pickRating(vulnerability.ratings ?? []);
    const base: Omit<NormalizedFinding, 'packageName' | 'installedVersion'> = {
      vulnerabilityId: vulnerability.id,
      title:
        vulnerability.description?.split('\n')[0].slice(0, 200) ??
        vulnerability.id,
      severity: resolveSeverity(scored?.score, scored?.severity ?? label),
      cvssScore: scored?.score,
      cvssVector: scored?.vector,
      scanner,
    };
    const affects = vulnerability.affects ?? [];
    if (affects.length === 0) {
      yield base;
      continue;
    }
    for (const affected of affects) {
      // A BOM-link (urn:cdx:serial/version#ref) points into this or another BOM.
      const ref = affected.ref.includes('#')
        ? decodeURIComponent(affected.ref.slice(affected.ref.indexOf('#') + 1))
        : affected.ref;
      const component = byRef.get(ref);
      const affectedVersion = affected.versions?.find(
        v => v.status === 'affected',
      )?.version;
      const fixedVersion = affected.versions?.find(
        v => v.status === 'unaffected',
      )?.version;
      yield {
        ...base,
        packageName: component?.name ?? ref,
        installedVersion: affectedVersion ?? component?.version,
        fixedVersion,
        location: component?.purl ?? ref,
      };
    }
  }
  return { packages, scanners: [scanner] };
};
