import { InputError } from '@backstage/errors';
import {
  IDP_ANNOTATIONS,
  POLICY_API_VERSION,
  PolicyProblem,
  SERVICE_COMMUNICATION_POLICY_KIND,
  ServiceCommunicationPolicy,
  serviceCommunicationPolicySchema,
  webApplicationCommunicationSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { parsePolicyYaml } from './parsePolicyYaml';
import { parseDocument, stringify } from 'yaml';

/** Port assumed when a WebApplication destination names none. */
const DEFAULT_PORT = 80;

type Destination = { service: string; port?: number; protocol?: string };

function toDestination(entry: string | Destination, path: string): Destination {
  if (typeof entry !== 'string') return entry;
  const match = entry.match(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\d{1,5}))?$/);
  if (!match) {
    throw new InputError(`${path}: "${entry}" must be service or service:port`);
  }
  return { service: match[1], ...(match[3] && { port: Number(match[3]) }) };
}

/**
 * Turns a WebApplication (`spec.communication.allowedDestinations` /
 * `deniedDestinations`, as `service`, `service:port` or objects) into a
 * ServiceCommunicationPolicy document named after the application, owned by
 * `options.entityRef`, else the `backstage.io/source-entity` annotation.
 */
export function convertWebApplication(
  text: string,
  options: { entityRef?: string } = {},
): {
  yaml: string;
  document: ServiceCommunicationPolicy;
  problems: PolicyProblem[];
} {
  const parsed = parseDocument(text);
  if (parsed.errors.length > 0) {
    throw new InputError(`yaml: ${parsed.errors[0].message.split('\n')[0]}`);
  }
  const application = parsed.toJS() as {
    metadata?: { name?: string; annotations?: Record<string, string> };
    spec?: { communication?: unknown };
  } | null;
  const name = application?.metadata?.name;
  if (!name) throw new InputError('metadata.name: is required');
  const communication = webApplicationCommunicationSchema.safeParse(
    application?.spec?.communication ?? {},
  );
  if (!communication.success) {
    const issue = communication.error.issues[0];
    throw new InputError(
      `spec.communication.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const problems: PolicyProblem[] = [];
  const allowed = communication.data.allowedDestinations.map((entry, index) => {
    const destination = toDestination(
      entry as string | Destination,
      `spec.communication.allowedDestinations.${index}`,
    );
    if (destination.port === undefined) {
      problems.push({
        severity: 'warning',
        code: 'assumed-port',
        message: `${destination.service} names no port; assumed ${DEFAULT_PORT}`,
        path: `spec.destinations.${index}.ports`,
      });
    }
    return {
      service: destination.service,
      ports: [
        {
          port: destination.port ?? DEFAULT_PORT,
          protocol: destination.protocol ?? 'HTTP',
        },
      ],
    };
  });
  const denied = communication.data.deniedDestinations.map((entry, index) => {
    const destination = toDestination(
      entry as string | Destination,
      `spec.communication.deniedDestinations.${index}`,
    );
    return {
      service: destination.service,
      ...(destination.port !== undefined && {
        ports: [{ port: destination.port, protocol: 'TCP' }],
      }),
    };
  });
  const service =
    application?.metadata?.annotations?.[IDP_ANNOTATIONS.serviceId] ?? name;
  const entityRef =
    options.entityRef ??
    application?.metadata?.annotations?.['backstage.io/source-entity'];
  const document = {
    apiVersion: POLICY_API_VERSION,
    kind: SERVICE_COMMUNICATION_POLICY_KIND,
    metadata: {
      name,
      ...(entityRef && { entityRef }),
      description: `Imported from WebApplication ${name}`,
    },
    spec: {
      source: { service },
      destinations: allowed,
      ...(denied.length > 0 && { deniedDestinations: denied }),
    },
  };
  const checked = serviceCommunicationPolicySchema.safeParse(document);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InputError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const yaml = stringify(document);
  // Problems from here on carry the lines of the generated document.
  const lines = parsePolicyYaml(yaml);
  return {
    yaml,
    document: checked.data,
    problems: problems.map(problem => ({
      ...problem,
      line: lines.lineOf(
        problem.path
          .split('.')
          .map(part => (/^\d+$/.test(part) ? Number(part) : part)),
      ),
    })),
  };
}
