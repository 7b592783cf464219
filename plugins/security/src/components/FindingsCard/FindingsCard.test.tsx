import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { mockApis } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  InMemorySecurityApi,
  finding,
} from '../../testing/InMemorySecurityApi';
import { renderSecurityContent } from '../../__testUtils__/renderSecurityContent';
import { FindingsCard } from './FindingsCard';

jest.setTimeout(30_000);

const ENTITY = 'component:default/payments-api';

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;
const DENY = 'DENY' as unknown as Decision;

function seededApi(failures = {}) {
  return new InMemorySecurityApi({
    findings: [
      finding({
        id: 'f1',
        vulnerabilityId: 'CVE-2024-1111',
        packageName: 'openssl',
        severity: 'critical',
      }),
    ],
    failures,
  });
}

function renderCard(
  api: InMemorySecurityApi,
  onWaiverRequested = jest.fn(),
  permission?: Parameters<typeof mockApis.permission>[0],
) {
  return renderSecurityContent(
    <FindingsCard
      entityRef={ENTITY}
      scanners={['trivy']}
      reloadToken={0}
      onWaiverRequested={onWaiverRequested}
    />,
    { api, permission },
  );
}

async function openWaiverDialog() {
  fireEvent.click(
    await screen.findByRole('button', {
      name: 'Request waiver for CVE-2024-1111',
    }),
  );
  return screen.findByRole('dialog', {
    name: 'Request waiver for CVE-2024-1111',
  });
}

describe('FindingsCard', () => {
  it('refuses a waiver without a real justification and sends nothing', async () => {
    const api = seededApi();
    await renderCard(api);
    const dialog = await openWaiverDialog();

    await userEvent.type(within(dialog).getByLabelText(/Justification/), 'ok');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Request waiver' }),
    );

    expect(
      await within(dialog).findByText(
        'Justification must explain why (10+ characters)',
      ),
    ).toBeInTheDocument();
    expect(api.waiverRequests).toEqual([]);
  });

  it('requests a waiver for the finding and shows the change request it opened', async () => {
    const api = seededApi();
    const onWaiverRequested = jest.fn();
    await renderCard(api, onWaiverRequested);
    const dialog = await openWaiverDialog();

    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      'Only reachable from the admin network',
    );
    fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
      target: { value: '2099-01-31' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Request waiver' }),
    );

    expect(
      await within(dialog).findByText(/Change request cr-1 was opened/),
    ).toBeInTheDocument();
    expect(api.waiverRequests).toEqual([
      {
        entityRef: ENTITY,
        vulnerabilityId: 'CVE-2024-1111',
        packageName: 'openssl',
        justification: 'Only reachable from the admin network',
        expiresAt: '2099-01-31',
      },
    ]);
    expect(onWaiverRequested).toHaveBeenCalledWith({
      status: 'pending-approval',
      changeRequestId: 'cr-1',
    });
  });

  it('names the missing permission when the backend refuses the waiver', async () => {
    const refused = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await renderCard(seededApi({ requestWaiver: refused }));
    const dialog = await openWaiverDialog();

    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      'Only reachable from the admin network',
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Request waiver' }),
    );

    expect(
      await within(dialog).findByText(
        'You are not allowed to do this: the permission idp.security.waiver.request is required.',
      ),
    ).toBeInTheDocument();
  });

  it('disables "Request waiver" and says why without the waiver permission', async () => {
    await renderCard(seededApi(), jest.fn(), { authorize: DENY });

    const button = await screen.findByRole('button', {
      name: 'Request waiver for CVE-2024-1111',
    });
    await waitFor(() => expect(button).toBeDisabled());
    expect(
      screen.getByText(/You cannot request waivers for this entity/),
    ).toBeInTheDocument();
  });

  it('says so when no finding matches the filters', async () => {
    await renderCard(new InMemorySecurityApi());

    expect(
      await screen.findByText('No findings match these filters.'),
    ).toBeInTheDocument();
  });
});
