import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Environment,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';

/**
 * Result of {@link useEnvironments}.
 *
 * @public
 */
export interface EnvironmentsFromConfig {
  /** The environments, or none when `idp.environments` cannot be read. */
  environments: Environment[];
  /** Why `idp.environments` could not be read, for pages that depend on it. */
  error?: Error;
}

/**
 * `idp.environments` as the frontend config has it (the default environments
 * when unset). An invalid config yields no environments and the error, so
 * views that only decorate with environment details keep working.
 *
 * @public
 */
export function useEnvironments(): EnvironmentsFromConfig {
  const configApi = useApi(configApiRef);
  return useMemo(() => {
    try {
      return { environments: readEnvironments(configApi) };
    } catch (error) {
      return { environments: [], error: error as Error };
    }
  }, [configApi]);
}
