import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Environment,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';
import { useMemo } from 'react';

/** `idp.environments` as the frontend sees it, or none when it cannot be read. */
export function useConfiguredEnvironments(): Environment[] {
  const config = useApi(configApiRef);
  return useMemo(() => {
    try {
      return readEnvironments(config);
    } catch {
      // A bad idp.environments is the backend's error to report.
      return [];
    }
  }, [config]);
}
