import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { FlagsCard } from './FlagsCard';

jest.setTimeout(30_000);

async function render(onChanged = jest.fn(), canWrite = true) {
  const api = paymentsApi();
  const application = await api.getApplication('payments-api');
  await renderWithConfigApis(
    <FlagsCard
      application="payments-api"
      version={application.version}
      flags={application.flags}
      environments={DEFAULT_ENVIRONMENTS}
      canWrite={canWrite}
      onChanged={onChanged}
    />,
    { api },
  );
  return api;
}

const flagRow = () =>
  screen
    .getAllByRole('row')
    .find(row => within(row).queryByText('new-checkout'))!;

describe('FlagsCard', () => {
  it('shows each flag per environment with state, variants, default and rollout', async () => {
    await render();
    expect(flagRow()).toHaveTextContent('not set up');
    expect(flagRow()).toHaveTextContent('on, off');
    expect(flagRow()).toHaveTextContent('off');

    fireEvent.click(screen.getByRole('tab', { name: 'Staging' }));
    expect(flagRow()).toHaveTextContent('ENABLED');
    expect(flagRow()).toHaveTextContent('on 50%, off 50%');
  });

  it('edits the rollout of a flag in one environment, checking that it adds up to 100', async () => {
    const onChanged = jest.fn();
    const api = await render(onChanged);
    fireEvent.click(screen.getByRole('tab', { name: 'Staging' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Edit flag new-checkout' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Edit flag new-checkout in staging');

    fireEvent.change(within(dialog).getByLabelText('on %'), {
      target: { value: '20' },
    });
    expect(
      within(dialog).getByText(
        'environments.staging.rollout: percentages must add up to 100, not 70',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('off %'), {
      target: { value: '80' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'applied' }),
      ),
    );
    expect(api.flagRequests).toEqual([
      {
        key: 'new-checkout',
        request: {
          version: 1,
          flag: {
            type: 'boolean',
            defaultVariant: 'off',
            environments: {
              staging: {
                state: 'ENABLED',
                rollout: [
                  { variant: 'on', percentage: 20 },
                  { variant: 'off', percentage: 80 },
                ],
              },
            },
          },
        },
      },
    ]);
  });

  it('asks for approval when a flag changes in a protected environment', async () => {
    const onChanged = jest.fn();
    await render(onChanged);
    fireEvent.click(screen.getByRole('tab', { name: 'Production' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Edit flag new-checkout' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Set up in production'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'pending-approval' }),
      ),
    );
  });

  it('disables editing without the write permission', async () => {
    await render(jest.fn(), false);
    expect(
      screen.getByRole('button', { name: 'Edit flag new-checkout' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add flag' })).toBeDisabled();
  });
});
