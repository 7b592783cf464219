import {
  PolicyProblem,
  ServiceCommunicationPolicy,
  serviceCommunicationPolicySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

/** Finds the 1-based YAML line of a document path such as `spec.destinations.1.service`. */
export type LineLocator = (path: (string | number)[]) => number | undefined;

/** A parsed policy document, its problems, and where each path sits in the YAML. */
export interface ParsedPolicyYaml {
  document?: ServiceCommunicationPolicy;
  problems: PolicyProblem[];
  lineOf: LineLocator;
}

/**
 * Parses a ServiceCommunicationPolicy YAML document with the `yaml` package,
 * keeping node positions so every problem names the line it comes from. A
 * missing field points at the nearest parent that exists.
 */
export function parsePolicyYaml(text: string): ParsedPolicyYaml {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const lineOf: LineLocator = path => {
    for (let length = path.length; length >= 0; length--) {
      const node = parsed.getIn(path.slice(0, length), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && typeof node === 'object' && node.range) {
        // For a map entry, point at its key rather than the value's first line.
        if (length > 0) {
          const parent = parsed.getIn(path.slice(0, length - 1), true);
          if (isMap(parent)) {
            const pair = parent.items.find(
              item =>
                (item.key as { value?: unknown } | null)?.value ===
                path[length - 1],
            );
            const keyRange = (pair?.key as { range?: number[] } | null)?.range;
            if (keyRange) return lineAt(keyRange[0]);
          }
        }
        return lineAt(node.range[0]);
      }
    }
    return undefined;
  };

  if (parsed.errors.length > 0) {
    return {
      problems: parsed.errors.map(error => ({
        severity: 'error' as const,
        code: 'yaml',
        message: error.message.split('\n')[0],
        path: '',
        line: lineAt(error.pos[0]),
      })),
      lineOf,
    };
  }
  const root = parsed.contents;
  if (!isMap(root) && !isSeq(root)) {
    return {
      problems: [
        {
          severity: 'error',
          code: 'schema',
          message: 'the document must be a YAML mapping',
          path: '',
          line: 1,
        },
      ],
      lineOf,
    };
  }
  const result = serviceCommunicationPolicySchema.safeParse(parsed.toJS());
  if (!result.success) {
    return {
      problems: result.error.issues.map(issue => ({
        severity: 'error' as const,
        code: 'schema',
        message: `${issue.path.join('.') || 'document'}: ${issue.message}`,
        path: issue.path.join('.'),
        line: lineOf(issue.path),
      })),
      lineOf,
    };
  }
  return { document: result.data, problems: [], lineOf };
}
