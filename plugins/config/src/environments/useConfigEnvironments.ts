import { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { useEnvironments } from '@idp-platform/backstage-plugin-idp-react';
import { useMemo } from 'react';

/**
 * The environments of a configuration, in the backend's order, with titles,
 * approvals and clusters from `idp.environments` where the frontend sees them.
 */
export function useConfigEnvironments(
  names: { name: string; protected: boolean }[],
): Environment[] {
  const { environments: configured } = useEnvironments();
  return useMemo(
    () =>
      names.map(({ name, protected: isProtected }) => {
        const known = configured.find(e => e.name === name);
        // The backend decides protection; the frontend config may lag behind.
        if (known) return { ...known, protected: isProtected };
        return {
          name,
          cluster: '',
          namespace: name,
          protected: isProtected,
          requiredApprovals: isProtected ? 1 : 0,
          approvers: [],
          security: { maxSeverity: 'medium' as const },
        };
      }),
    [names, configured],
  );
}
