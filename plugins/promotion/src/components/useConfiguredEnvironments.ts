import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Environment,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';

/** `idp.environments` from the frontend config; empty when it is invalid. */
export function useConfiguredEnvironments(): Environment[] {
  const configApi = useApi(configApiRef);
  return useMemo(() => {
    try {
      return readEnvironments(configApi);
    } catch {
      // The stages carry what the chips need; a broken config costs only details.
      return [];
    }
  }, [configApi]);
}
