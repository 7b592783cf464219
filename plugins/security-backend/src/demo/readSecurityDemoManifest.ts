import fs from 'node:fs/promises';
import path from 'node:path';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { reportIngestQuerySchema } from '@idp-platform/backstage-plugin-idp-common';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { formatJsonPath } from '../parsers/formatJsonPath';

/** The manifest's file name inside the demo data folder. */
export const SECURITY_DEMO_MANIFEST = 'demo.yaml';

const manifestSchema = z
  .object({
    reports: z.array(
      reportIngestQuerySchema
        .extend({
          file: z.string().min(1),
          entityRef: z.string().transform((ref, context) => {
            try {
              return stringifyEntityRef(parseEntityRef(ref));
            } catch (error) {
              context.addIssue({
                code: z.ZodIssueCode.custom,
                message: (error as Error).message,
              });
              return z.NEVER;
            }
          }),
        })
        .strict(),
    ),
  })
  .strict();

/** One report the demo loader ingests. */
export interface SecurityDemoReport {
  /** Absolute path of the scanner report. */
  file: string;
  format: z.infer<typeof reportIngestQuerySchema>['format'];
  /** Canonical entity ref. */
  entityRef: string;
  artifactDigest: string;
}

/**
 * Reads and validates `demo.yaml` of a demo data folder:
 * `reports[{file, format, entityRef, artifactDigest}]`, files relative to the
 * folder. Every problem is an error naming the manifest line and the field.
 */
export async function readSecurityDemoManifest(
  directory: string,
): Promise<SecurityDemoReport[]> {
  const manifestPath = path.join(directory, SECURITY_DEMO_MANIFEST);
  const text = await fs.readFile(manifestPath, 'utf8').catch(error => {
    throw new Error(
      `Cannot read the security demo manifest ${manifestPath}: ${error.message}`,
    );
  });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const fail = (problems: Array<{ offset?: number; message: string }>) => {
    const lines = problems.map(({ offset, message }) =>
      offset === undefined
        ? message
        : `line ${lineCounter.linePos(offset).line}: ${message}`,
    );
    return new Error(
      `Invalid security demo manifest ${manifestPath}: ${lines.join('; ')}`,
    );
  };
  // Where the deepest node of a field path that exists in the YAML starts.
  const offsetOf = (fieldPath: (string | number)[]) => {
    for (let length = fieldPath.length; length >= 0; length--) {
      const node = document.getIn(fieldPath.slice(0, length), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) return node.range[0];
    }
    return undefined;
  };

  if (document.errors.length > 0) {
    throw fail(
      document.errors.map(error => ({
        offset: error.pos[0],
        message: error.message.split('\n')[0],
      })),
    );
  }
  const parsed = manifestSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw fail(
      parsed.error.issues.map(issue => {
        const fieldPath =
          issue.code === z.ZodIssueCode.unrecognized_keys
            ? [...issue.path, issue.keys[0]]
            : issue.path;
        return {
          offset: offsetOf(fieldPath),
          message: `${formatJsonPath(fieldPath) || 'the document'}: ${
            issue.message
          }`,
        };
      }),
    );
  }

  const reports = parsed.data.reports;
  const missing = [];
  for (const [index, report] of reports.entries()) {
    const file = path.resolve(directory, report.file);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      missing.push({
        offset: offsetOf(['reports', index, 'file']),
        message: `reports[${index}].file: no report file ${file}`,
      });
    }
  }
  if (missing.length > 0) throw fail(missing);
  return reports.map(report => ({
    ...report,
    file: path.resolve(directory, report.file),
  }));
}
