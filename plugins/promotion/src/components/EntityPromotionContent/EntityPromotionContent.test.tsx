import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  InMemoryPromotionApi,
  anArtifact,
  artifactIdOf,
} from '../../testing/InMemoryPromotionApi';
import { paymentsScenario } from '../../testing/paymentsScenario';
import { renderWithPromotionApis } from '../../__testUtils__/renderWithPromotionApis';
import { EntityPromotionContent } from './EntityPromotionContent';

// The shared CI machine is slow; tables and dialogs take a few seconds.
jest.setTimeout(30_000);

const ENTITY_REF = 'component:default/payments-api';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      'idp-platform/image-repository': 'ghcr.io/acme/payments-api',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
};

function render(
  api: InMemoryPromotionApi,
  options: { signals?: TestSignalApi; currentUserRef?: string } = {},
) {
  return renderWithPromotionApis(
    <EntityProvider entity={entity}>
      <EntityPromotionContent />
    </EntityProvider>,
    { api, ...options },
  );
}

const stage = (title: string) =>
  screen.findByRole('region', { name: `Stage ${title}` });

describe('EntityPromotionContent', () => {
  it('shows every stage as a column with its artifact, digest, verified badge and gate verdicts', async () => {
    await render(paymentsScenario());

    const development = await stage('Development');
    expect(development).toHaveTextContent('1.1.0');
    expect(development).toHaveTextContent(
      `sha256:${artifactIdOf('digest-1.1.0').slice(0, 12)}`,
    );
    expect(within(development).getByText('verified')).toBeInTheDocument();

    const staging = await stage('Staging');
    expect(staging).toHaveTextContent('1.0.0');
    expect(staging).toHaveTextContent('1.0.0 was verified in staging before');

    const production = await stage('Production');
    expect(production).toHaveTextContent('Nothing promoted here yet');
    const gates = within(production).getByRole('list', {
      name: 'Gates of Production',
    });
    expect(gates).toHaveTextContent('Soak time');
    expect(gates).toHaveTextContent('Soaked 20h in staging (minimum 1h)');
    expect(gates).toHaveTextContent('0 of 1 approvals');
    expect(
      within(production).getByText('waiting-for-approval'),
    ).toBeInTheDocument();
    expect(
      within(production).getByRole('progressbar', {
        name: 'Promotion waiting-for-approval, 40%',
      }),
    ).toBeInTheDocument();
    expect(
      within(production).getByRole('button', { name: 'Promote' }),
    ).toBeDisabled();
    expect(production).toHaveTextContent(
      'A promotion is already running here (waiting-for-approval).',
    );
  });

  it('promotes the artifact the previous stage holds verified', async () => {
    const api = paymentsScenario();
    await render(api);

    fireEvent.click(
      within(await stage('Staging')).getByRole('button', { name: 'Promote' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('1.1.0');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));

    await waitFor(() => expect(api.promoteRequests).toHaveLength(1));
    expect(api.promoteRequests[0]).toEqual({
      entityRef: ENTITY_REF,
      artifactId: artifactIdOf('1.1.0'),
      environment: 'staging',
      kind: 'promotion',
      reason: undefined,
      idempotencyKey: expect.any(String),
    });
    expect(
      await within(await stage('Staging')).findByText(
        'Promotion requested: requested.',
      ),
    ).toBeInTheDocument();
  });

  it('sends a hotfix with its reason', async () => {
    const api = paymentsScenario();
    await render(api);

    fireEvent.click(
      within(await stage('Staging')).getByRole('button', { name: 'Promote' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('checkbox'));
    const promote = within(dialog).getByRole('button', { name: 'Promote' });
    expect(promote).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'CVE-2026-1234 in production' },
    });
    fireEvent.click(promote);

    await waitFor(() => expect(api.promoteRequests).toHaveLength(1));
    expect(api.promoteRequests[0]).toMatchObject({
      kind: 'hotfix',
      reason: 'CVE-2026-1234 in production',
      environment: 'staging',
    });
  });

  it('says a promotion is already running when the backend answers 409', async () => {
    const api = paymentsScenario();
    jest
      .spyOn(api, 'promote')
      .mockRejectedValue(
        await ResponseError.fromResponse(
          backendErrorResponse(
            409,
            'ConflictError',
            'Promotion p-1 is deploying',
          ),
        ),
      );
    await render(api);

    fireEvent.click(
      within(await stage('Development')).getByRole('button', {
        name: 'Promote',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));

    expect(
      await within(dialog).findByText(
        'A promotion is already running for this stage; wait for it to finish.',
      ),
    ).toBeInTheDocument();
  });

  it('hides approve and reject from the requester of the promotion', async () => {
    await render(paymentsScenario(), { currentUserRef: 'user:default/alice' });

    const production = await stage('Production');
    expect(production).toHaveTextContent('you requested this promotion');
    expect(
      within(production).queryByRole('button', { name: 'Approve or reject' }),
    ).not.toBeInTheDocument();
  });

  it('lets another user approve through the change request decision route', async () => {
    const api = paymentsScenario({ currentUserRef: 'user:default/bob' });
    await render(api, { currentUserRef: 'user:default/bob' });

    fireEvent.click(
      within(await stage('Production')).getByRole('button', {
        name: 'Approve or reject',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Approve' }),
    );

    await waitFor(() =>
      expect(api.decisions).toEqual([
        { id: 'cr-1', decision: 'approve', comment: undefined },
      ]),
    );
  });

  it('explains a 403 on a decision with the permission it needs', async () => {
    const api = paymentsScenario();
    jest
      .spyOn(api, 'decideChangeRequest')
      .mockRejectedValue(
        await ResponseError.fromResponse(
          backendErrorResponse(403, 'NotAllowedError', 'Unauthorized'),
        ),
      );
    await render(api);

    fireEvent.click(
      within(await stage('Production')).getByRole('button', {
        name: 'Approve or reject',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Reject' }),
    );

    expect(
      await within(dialog).findByText(
        /You are not allowed to do this: the permission idp.change-request.decide is required./,
      ),
    ).toBeInTheDocument();
  });

  it('retries a rolled-back promotion from the history and marks the rollback', async () => {
    const api = paymentsScenario();
    await render(api);

    const rollback = await screen.findByRole('article', {
      name: 'rollback p-staging-rollback to staging',
    });
    expect(within(rollback).getByText('Rollback')).toBeInTheDocument();
    expect(rollback).toHaveTextContent('Undoes promotion p-staging-110');

    const rolledBack = screen.getByRole('article', {
      name: 'promotion p-staging-110 to staging',
    });
    expect(within(rolledBack).getByText('rolled back')).toBeInTheDocument();
    expect(rolledBack).toHaveTextContent(
      'rolled-back: Health check answered 503',
    );

    const retry = jest.spyOn(api, 'retry');
    fireEvent.click(within(rolledBack).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(retry).toHaveBeenCalledWith('p-staging-110'));
  });

  it('reloads the pipeline and the promotion a signal names', async () => {
    const api = paymentsScenario();
    const signals = new TestSignalApi();
    await render(api, { signals });
    await stage('Production');
    const getPipeline = jest.spyOn(api, 'getPipeline');
    const getPromotion = jest.spyOn(api, 'getPromotion');

    api.promotions.find(p => p.id === 'p-prod-100')!.state = 'deploying';
    signals.publish(`promotion:${ENTITY_REF}`, {
      promotionId: 'p-prod-100',
      entityRef: ENTITY_REF,
      environment: 'production',
      state: 'deploying',
      message: 'Rolling out 1 of 3 replicas',
    });

    await waitFor(() => expect(getPipeline).toHaveBeenCalledWith(ENTITY_REF));
    expect(getPromotion).toHaveBeenCalledWith('p-prod-100');
    expect(
      await screen.findByText(
        /production: deploying — Rolling out 1 of 3 replicas/,
      ),
    ).toBeInTheDocument();
    expect(
      await within(await stage('Production')).findByRole('progressbar', {
        name: 'Promotion deploying, 65%',
      }),
    ).toBeInTheDocument();
  });

  it('explains how CI registers an artifact when there is none', async () => {
    await render(new InMemoryPromotionApi());

    expect(
      await screen.findByText('No artifacts yet — register one from CI'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /curl -X POST http:\/\/example.com\/api\/promotion\/artifacts/,
      ),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      '"imageRepository": "ghcr.io/acme/payments-api"',
    );
    expect(document.body).toHaveTextContent(`"entityRef": "${ENTITY_REF}"`);
  });

  it('shows the backend error when the pipeline cannot be read', async () => {
    const api = new InMemoryPromotionApi({ artifacts: [anArtifact('1.0.0')] });
    jest
      .spyOn(api, 'getPipeline')
      .mockRejectedValue(
        await ResponseError.fromResponse(
          backendErrorResponse(403, 'NotAllowedError', 'Denied'),
        ),
      );
    await render(api);

    expect((await screen.findAllByText(/Denied/)).length).toBeGreaterThan(0);
    expect(screen.queryByRole('region', { name: 'Stage Staging' })).toBeNull();
  });
});
