import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  DEFAULT_ENVIRONMENTS,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestApprovalList } from './ChangeRequestApprovalList';
import { pendingChangeRequest } from './__testUtils__/pendingChangeRequest';
import { withApprovalApis } from './__testUtils__/withApprovalApis';

function renderList(environments?: Environment[]) {
  return renderInTestApp(
    withApprovalApis(
      <ChangeRequestApprovalList
        changeRequests={[
          pendingChangeRequest({
            id: 'cr-1',
            title: 'Waive CVE-2030-1 for payments',
          }),
        ]}
        api={{ decideChangeRequest: async () => undefined }}
        environments={environments}
      />,
    ),
  );
}

describe('ChangeRequestApprovalList', () => {
  it('shows the environment as idp.environments configures it', async () => {
    await renderList();
    expect(
      await screen.findByText('Waive CVE-2030-1 for payments'),
    ).toBeInTheDocument();
    expect(screen.getByText('Configured production')).toBeInTheDocument();
  });

  it('prefers the environments it is given', async () => {
    await renderList([
      { ...DEFAULT_ENVIRONMENTS[3], title: 'Given production' },
    ]);
    expect(await screen.findByText('Given production')).toBeInTheDocument();
    expect(screen.queryByText('Configured production')).not.toBeInTheDocument();
  });
});
