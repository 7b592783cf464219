import { configApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, mockApis } from '@backstage/test-utils';
import { renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { useEnvironments } from './useEnvironments';

function renderWithConfig(data: object) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[configApiRef, mockApis.config({ data })]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useEnvironments(), { wrapper }).result.current;
}

describe('useEnvironments', () => {
  it('reads idp.environments with their defaults filled in', () => {
    const { environments, error } = renderWithConfig({
      idp: {
        environments: [
          { name: 'dev', cluster: 'local' },
          { name: 'prod', cluster: 'eu-1', protected: true },
        ],
      },
    });
    expect(error).toBeUndefined();
    expect(environments.map(e => [e.name, e.requiredApprovals])).toEqual([
      ['dev', 0],
      ['prod', 1],
    ]);
  });

  it('gives no environments and the error when idp.environments is invalid', () => {
    const { environments, error } = renderWithConfig({
      idp: { environments: [{ name: 'dev' }] },
    });
    expect(environments).toEqual([]);
    expect(error?.message).toMatch(/cluster/);
  });
});
