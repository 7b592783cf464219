import { KubernetesStatusCause } from './KubernetesStatusError';
import { apiVersionOf, KubernetesTestResource } from './KubernetesTestResource';

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function nameRule(kind: string) {
  if (kind === 'Namespace') {
    return {
      pattern: DNS_LABEL,
      maxLength: 63,
      message:
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    };
  }
  if (kind === 'Service') {
    return {
      pattern: DNS_1035_LABEL,
      maxLength: 63,
      message:
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    };
  }
  return {
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
    message:
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  };
}

function invalid(
  field: string,
  value: unknown,
  message: string,
): KubernetesStatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
    field,
  };
}

function labelKeyProblem(key: string): string | undefined {
  const [prefix, name] = key.includes('/')
    ? key.split(/\/(.*)/s, 2)
    : [undefined, key];
  if (
    prefix !== undefined &&
    (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)
  ) {
    return 'prefix part must be a lowercase RFC 1123 subdomain';
  }
  if (!name || name.length > 63 || !LABEL_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters";
  }
  return undefined;
}

/**
 * What the API server would reject in an object about to be stored: kind and
 * apiVersion not those of the URL, a missing or invalid name, invalid labels.
 */
export function validateTestObject(
  resource: KubernetesTestResource,
  object: Record<string, any>,
): KubernetesStatusCause[] {
  const causes: KubernetesStatusCause[] = [];
  const expectedApiVersion = apiVersionOf(resource);
  if (object.apiVersion !== expectedApiVersion) {
    causes.push(
      invalid(
        'apiVersion',
        object.apiVersion ?? null,
        `must be ${expectedApiVersion} at this URL`,
      ),
    );
  }
  if (object.kind !== resource.kind) {
    causes.push(
      invalid(
        'kind',
        object.kind ?? null,
        `must be ${resource.kind} at this URL`,
      ),
    );
  }

  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else {
    const rule = nameRule(resource.kind);
    if (!rule.pattern.test(name) || name.length > rule.maxLength) {
      causes.push(
        invalid(
          'metadata.name',
          name,
          `${rule.message}, at most ${rule.maxLength} characters`,
        ),
      );
    }
  }

  const labels = object.metadata?.labels ?? {};
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    causes.push(invalid('metadata.labels', labels, 'must be a map of strings'));
  } else {
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) {
        causes.push(invalid('metadata.labels', key, keyProblem));
      }
      if (
        typeof value !== 'string' ||
        value.length > 63 ||
        !LABEL_VALUE.test(value)
      ) {
        causes.push(
          invalid(
            `metadata.labels`,
            value,
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters",
          ),
        );
      }
    }
  }

  const annotations = object.metadata?.annotations ?? {};
  if (
    typeof annotations !== 'object' ||
    Array.isArray(annotations) ||
    Object.values(annotations).some(v => typeof v !== 'string')
  ) {
    causes.push(
      invalid('metadata.annotations', annotations, 'must be a map of strings'),
    );
  }
  return causes;
}
