import { ResponseError } from '@backstage/errors';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { FindingTrendPoint } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  InMemorySecurityApi,
  emptyCounts,
  finding,
  report,
} from '../../testing/InMemorySecurityApi';
import { renderSecurityContent } from '../../__testUtils__/renderSecurityContent';
import { EntitySecurityContent } from './EntitySecurityContent';

// Tables and dialogs render slowly on the shared CI machine.
jest.setTimeout(30_000);

const ENTITY = 'component:default/payments-api';
const NEW_DIGEST = `sha256:${'b'.repeat(64)}`;
const OLD_DIGEST = `sha256:${'a'.repeat(64)}`;

const trend: FindingTrendPoint[] = [
  { date: '2026-11-23', open: { ...emptyCounts(), high: 1 } },
  { date: '2026-11-24', open: { ...emptyCounts(), high: 1, critical: 1 } },
];

function seededApi(
  extra: ConstructorParameters<typeof InMemorySecurityApi>[0] = {},
) {
  return new InMemorySecurityApi({
    reports: [
      report({
        id: 'r2',
        artifactDigest: NEW_DIGEST,
        scanners: ['trivy', 'grype'],
        receivedAt: '2026-11-24T10:00:00.000Z',
      }),
      report({ id: 'r1', artifactDigest: OLD_DIGEST }),
    ],
    findings: [
      finding({
        id: 'f1',
        artifactDigest: NEW_DIGEST,
        vulnerabilityId: 'CVE-2024-1111',
        title: 'Heap overflow in openssl',
        severity: 'critical',
      }),
      finding({
        id: 'f2',
        artifactDigest: NEW_DIGEST,
        vulnerabilityId: 'CVE-2024-2222',
        title: 'Prototype pollution in lodash',
        packageName: 'lodash',
        severity: 'high',
        scanners: ['grype'],
      }),
      finding({
        id: 'f3',
        artifactDigest: OLD_DIGEST,
        vulnerabilityId: 'CVE-2020-0000',
        severity: 'low',
      }),
    ],
    trend,
    supplyChain: {
      [NEW_DIGEST]: {
        sbom: {
          packages: [
            { name: 'openssl', version: '3.0.1', licenses: ['Apache-2.0'] },
            { name: 'lodash', version: '4.17.20', licenses: ['MIT'] },
          ],
          licenses: [
            { license: 'Apache-2.0', count: 1 },
            { license: 'MIT', count: 1 },
          ],
        },
        signature: {
          status: 'verified',
          identity:
            'https://github.com/acme/payments-api/.github/workflows/ci.yaml',
          verifiedAt: '2026-11-24T10:01:00.000Z',
        },
        slsaLevel: 3,
      },
    },
    ...extra,
  });
}

describe('EntitySecurityContent', () => {
  it('shows the newest artifact: its severity counts, findings, trend and supply chain', async () => {
    await renderSecurityContent(<EntitySecurityContent />, {
      api: seededApi(),
    });

    expect(await screen.findByText('CVE-2024-1111')).toBeInTheDocument();
    expect(screen.getByText('CVE-2024-2222')).toBeInTheDocument();
    expect(screen.queryByText('CVE-2020-0000')).not.toBeInTheDocument();
    expect(screen.getByText('Critical 1')).toBeInTheDocument();
    expect(screen.getByText('High 1')).toBeInTheDocument();
    expect(screen.getByText('Low 0')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Open findings over 30 days/ }),
    ).toHaveAccessibleName(
      'Open findings over 30 days: 1 on 2026-11-23, 2 on 2026-11-24, at most 2.',
    );
    expect(await screen.findByText('SBOM: 2 packages')).toBeInTheDocument();
    const licenses = screen.getByRole('table', { name: 'License summary' });
    expect(within(licenses).getByText('MIT')).toBeInTheDocument();
    expect(screen.getByText('SLSA Build L3')).toBeInTheDocument();
    expect(
      screen.getByText(/Signed by https:\/\/github.com\/acme/),
    ).toBeInTheDocument();
  });

  it('asks the server for findings with the chosen severity, status, scanner and text', async () => {
    const api = seededApi();
    await renderSecurityContent(<EntitySecurityContent />, { api });
    await screen.findByText('CVE-2024-1111');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Critical' }));
    await waitFor(() =>
      expect(api.findingQueries.at(-1)?.severity).toEqual(['critical']),
    );
    expect(await screen.findByText('CVE-2024-1111')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText('CVE-2024-2222')).not.toBeInTheDocument(),
    );

    fireEvent.click(screen.getByRole('checkbox', { name: 'Critical' }));
    fireEvent.mouseDown(screen.getByLabelText('Scanner'));
    fireEvent.click(await screen.findByRole('option', { name: 'grype' }));
    fireEvent.mouseDown(screen.getByLabelText('Status'));
    fireEvent.click(await screen.findByRole('option', { name: 'Any' }));
    await userEvent.type(screen.getByLabelText('Search findings'), 'lodash');

    await waitFor(() =>
      expect(api.findingQueries.at(-1)).toEqual({
        entityRef: ENTITY,
        artifactDigest: NEW_DIGEST,
        severity: undefined,
        status: undefined,
        scanner: 'grype',
        text: 'lodash',
        limit: 20,
        offset: 0,
      }),
    );
    expect(await screen.findByText('CVE-2024-2222')).toBeInTheDocument();
    expect(screen.queryByText('CVE-2024-1111')).not.toBeInTheDocument();
  });

  it('pages the findings on the server', async () => {
    const findings = Array.from({ length: 25 }, (_, index) =>
      finding({
        id: `f${index}`,
        artifactDigest: NEW_DIGEST,
        vulnerabilityId: `CVE-2024-${String(index).padStart(4, '0')}`,
      }),
    );
    const api = seededApi({ findings });
    await renderSecurityContent(<EntitySecurityContent />, { api });
    await screen.findByText('CVE-2024-0000');
    expect(screen.queryByText('CVE-2024-0020')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /next page/i }));

    expect(await screen.findByText('CVE-2024-0020')).toBeInTheDocument();
    expect(api.findingQueries.at(-1)).toMatchObject({ limit: 20, offset: 20 });
  });

  it('shows the artifact picked in the selector', async () => {
    const api = seededApi();
    await renderSecurityContent(<EntitySecurityContent />, { api });
    await screen.findByText('CVE-2024-1111');

    fireEvent.mouseDown(screen.getByLabelText('Artifact'));
    fireEvent.click(
      await screen.findByRole('option', { name: /sha256:aaaaaaaaaaaa/ }),
    );

    expect(await screen.findByText('CVE-2020-0000')).toBeInTheDocument();
    expect(api.findingQueries.at(-1)?.artifactDigest).toBe(OLD_DIGEST);
    expect(
      await screen.findByText('No SBOM for this artifact'),
    ).toBeInTheDocument();
    expect(screen.getByText('No verified provenance')).toBeInTheDocument();
  });

  it('explains how to upload a first report when there is none', async () => {
    await renderSecurityContent(<EntitySecurityContent />, {
      api: new InMemorySecurityApi(),
    });

    expect(
      await screen.findByText('No scanner reports yet — upload one from CI'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      '"$BACKSTAGE_URL/api/security/reports?entityRef=component:default/payments-api&artifactDigest=$DIGEST&format=trivy"',
    );
  });

  it('names the missing permission when the backend refuses to read', async () => {
    const refused = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await renderSecurityContent(<EntitySecurityContent />, {
      api: seededApi({ failures: { listReports: refused } }),
    });

    expect(
      await screen.findByText(
        'You are not allowed to do this: the permission idp.security.read is required.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a backend failure in an error panel', async () => {
    await renderSecurityContent(<EntitySecurityContent />, {
      api: seededApi({ failures: { listReports: new Error('Database down') } }),
    });

    expect(
      (await screen.findAllByText(/Database down/)).length,
    ).toBeGreaterThan(0);
  });

  it('reloads when the backend signals an ingest for the entity', async () => {
    const api = seededApi();
    const signals = new TestSignalApi();
    await renderSecurityContent(<EntitySecurityContent />, {
      api,
      signals,
    });
    await screen.findByText('Critical 1');

    api.addFinding(
      finding({
        id: 'f9',
        artifactDigest: NEW_DIGEST,
        vulnerabilityId: 'CVE-2024-9999',
        severity: 'critical',
      }),
    );
    signals.publish('security:component:default/payments-api', {
      reportId: 'r3',
    });

    expect(await screen.findByText('Critical 2')).toBeInTheDocument();
    expect(await screen.findByText('CVE-2024-9999')).toBeInTheDocument();
  });
});
