import yaml from 'js-yaml';

/** A policy document as the form edits it: parsed YAML, not yet validated. */
export type DraftDocument = Record<string, any>;

/** The YAML text as a document, or the parser's message and line. */
export function parsePolicyText(
  text: string,
): { document: DraftDocument } | { error: { message: string; line?: number } } {
  try {
    const parsed = yaml.load(text);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      return { error: { message: 'The policy must be a YAML mapping' } };
    }
    return { document: parsed as DraftDocument };
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    return {
      error: {
        message: (error as { reason?: string }).reason ?? String(error),
        line: mark ? mark.line + 1 : undefined,
      },
    };
  }
}

/** The document as YAML text, keys in the order they were written. */
export function printPolicyDocument(document: DraftDocument): string {
  return yaml.dump(document, { lineWidth: 120, noRefs: true });
}

/** A new policy for a service, with one example scenario to start from. */
export function newPolicyText(service: string, entityRef?: string): string {
  return printPolicyDocument({
    apiVersion: 'idp-platform.io/v1alpha1',
    kind: 'ServiceCommunicationPolicy',
    metadata: { name: service, ...(entityRef ? { entityRef } : {}) },
    spec: {
      source: { service },
      destinations: [],
      deniedDestinations: [],
      restrictions: { denyExternalServices: true },
      scenarios: [],
    },
  });
}
