import {
  McpDeployRequest,
  McpServerJson,
  mcpDeployRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';

/** An environment variable the server's packages declare as a secret. */
export interface SecretVariable {
  name: string;
  required: boolean;
  description?: string;
}

/** The deploy dialog's fields, as typed. */
export interface DeployForm {
  environment: string;
  version: string;
  replicas: string;
  port: string;
  env: { name: string; value: string }[];
  secretEnv: {
    name: string;
    secretName: string;
    key: string;
    required: boolean;
  }[];
}

/** Secret environment variables of a server version's packages, by name. */
export function secretVariablesOf(server: McpServerJson): SecretVariable[] {
  const byName = new Map<string, SecretVariable>();
  for (const pkg of server.packages ?? []) {
    for (const variable of pkg.environmentVariables ?? []) {
      if (!variable.isSecret) continue;
      const known = byName.get(variable.name);
      byName.set(variable.name, {
        name: variable.name,
        required: Boolean(variable.isRequired) || Boolean(known?.required),
        description: known?.description ?? variable.description,
      });
    }
  }
  return [...byName.values()];
}

const toNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

/**
 * The deploy request of the dialog's fields, checked with the schema the
 * backend uses, or the problems each naming its field. A secret variable
 * given as a plain value is refused, as the backend would.
 */
export function buildDeployRequest(
  form: DeployForm,
  secretVariables: SecretVariable[],
): { request?: McpDeployRequest; problems: string[] } {
  const problems: string[] = [];
  const secretNames = new Set(secretVariables.map(variable => variable.name));
  const env: Record<string, string> = {};
  for (const row of form.env) {
    const name = row.name.trim();
    if (!name) continue;
    if (secretNames.has(name)) {
      problems.push(
        `env.${name}: is a secret; pass it as a reference to a Kubernetes Secret`,
      );
    } else if (name in env) {
      problems.push(`env.${name}: is given twice`);
    }
    env[name] = row.value;
  }
  const secretEnv = form.secretEnv
    // An optional secret left blank is simply not passed.
    .filter(row => row.required || row.secretName.trim() || row.key.trim())
    .map(row => ({
      name: row.name.trim(),
      secretRef: { name: row.secretName.trim(), key: row.key.trim() },
    }));
  const result = mcpDeployRequestSchema.safeParse({
    environment: form.environment,
    version: form.version,
    replicas: toNumber(form.replicas),
    port: toNumber(form.port),
    env,
    secretEnv,
  });
  if (!result.success) {
    problems.push(
      ...result.error.issues.map(issue => {
        const [first, index, ...rest] = issue.path;
        // Name the variable rather than its row number.
        const field =
          first === 'secretEnv' && typeof index === 'number'
            ? [`secretEnv.${secretEnv[index]?.name || index}`, ...rest]
            : issue.path;
        return `${field.join('.')}: ${issue.message}`;
      }),
    );
  }
  if (problems.length || !result.success) return { problems };
  return { request: result.data, problems };
}
