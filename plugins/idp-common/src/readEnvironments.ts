import type { Config } from '@backstage/config';
import {
  DEFAULT_ENVIRONMENTS,
  Environment,
  environmentListSchema,
} from './environments';

/**
 * Reads `idp.environments` with their defaults filled in, or the default
 * environments when the key is absent. Throws an error naming the bad key.
 *
 * @public
 */
export function readEnvironments(config: Config): Environment[] {
  const configs = config.getOptionalConfigArray('idp.environments');
  if (!configs) return DEFAULT_ENVIRONMENTS;
  const environments = configs.map(c => {
    const isProtected = c.getOptionalBoolean('protected') ?? false;
    return {
      name: c.getString('name'),
      title: c.getOptionalString('title'),
      cluster: c.getString('cluster'),
      namespace: c.getOptionalString('namespace') ?? c.getString('name'),
      protected: isProtected,
      requiredApprovals:
        c.getOptionalNumber('requiredApprovals') ?? (isProtected ? 1 : 0),
      approvers: c.getOptionalStringArray('approvers') ?? [],
      security: {
        maxSeverity:
          c.getOptionalString('security.maxSeverity') ??
          (isProtected ? 'medium' : 'high'),
      },
    };
  });
  const result = environmentListSchema.safeParse(environments);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [index, ...field] = issue.path;
    const key =
      index === undefined
        ? 'idp.environments'
        : `idp.environments[${index}]${field.map(f => `.${f}`).join('')}`;
    throw new Error(`Invalid ${key}: ${issue.message}`);
  }
  return result.data;
}
