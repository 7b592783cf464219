import { ResponseError } from '@backstage/errors';
import { FindingTrendPoint } from '@idp-platform/backstage-plugin-idp-common';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { screen, within } from '@testing-library/react';
import {
  InMemorySecurityApi,
  emptyCounts,
  finding,
} from '../../testing/InMemorySecurityApi';
import { renderSecurityContent } from '../../__testUtils__/renderSecurityContent';
import { SecurityDashboard } from './SecurityDashboard';

jest.setTimeout(30_000);

const summaryApi = (extra: { trend?: FindingTrendPoint[] } = {}) =>
  new InMemorySecurityApi({
    ...extra,
    summary: {
      byOwner: [
        { key: 'group:default/web', open: { ...emptyCounts(), high: 4 } },
        {
          key: 'group:default/payments',
          open: { ...emptyCounts(), critical: 2, medium: 1 },
        },
        { key: 'unknown', open: { ...emptyCounts(), low: 3 } },
      ],
      bySystem: [
        {
          key: 'system:default/checkout',
          open: { ...emptyCounts(), critical: 2, high: 4 },
        },
      ],
      oldestCriticals: [
        finding({
          id: 'c1',
          vulnerabilityId: 'CVE-2021-44228',
          title: 'Log4Shell',
          severity: 'critical',
          firstSeen: '2026-10-01T00:00:00.000Z',
        }),
      ],
      remediationDue: [
        finding({
          id: 'd1',
          vulnerabilityId: 'CVE-2024-5555',
          dueAt: '2099-01-01T00:00:00.000Z',
        }),
        finding({
          id: 'd2',
          vulnerabilityId: 'CVE-2024-6666',
          dueAt: '2026-01-01T00:00:00.000Z',
        }),
      ],
    },
  });

const tableTitled = (title: string) =>
  screen
    .getByRole('heading', { name: title })
    .closest('.MuiPaper-root') as HTMLElement;

describe('SecurityDashboard', () => {
  it('shows open findings by team, most exposed first, linked to the owner', async () => {
    await renderSecurityContent(<SecurityDashboard />, { api: summaryApi() });

    await screen.findByRole('heading', { name: 'By team' });
    const rows = within(tableTitled('By team')).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      expect.stringMatching(/^payments.*2.*0.*1.*0.*3$/),
      expect.stringMatching(/^web.*0.*4.*0.*0.*4$/),
      expect.stringMatching(/^Unknown.*3$/),
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: /payments/ }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
  });

  it('shows open findings by system and the organisation total', async () => {
    await renderSecurityContent(<SecurityDashboard />, { api: summaryApi() });

    await screen.findByRole('heading', { name: 'By system' });
    expect(
      within(tableTitled('By system')).getByRole('link', { name: /checkout/ }),
    ).toHaveAttribute('href', '/catalog/default/system/checkout');
    expect(screen.getByText('Critical 2')).toBeInTheDocument();
    expect(screen.getByText('High 4')).toBeInTheDocument();
    expect(screen.getByText('Low 3')).toBeInTheDocument();
  });

  it('shows the trend over time of the whole organisation', async () => {
    const api = summaryApi({
      trend: [
        { date: '2026-11-23', open: { ...emptyCounts(), high: 3 } },
        {
          date: '2026-11-24',
          open: { ...emptyCounts(), high: 3, critical: 2 },
        },
      ],
    });
    const getTrend = jest.spyOn(api, 'getTrend');
    await renderSecurityContent(<SecurityDashboard />, { api });

    expect(
      await screen.findByRole('img', { name: /Open findings over 30 days/ }),
    ).toHaveAccessibleName(
      'Open findings over 30 days: 3 on 2026-11-23, 5 on 2026-11-24, at most 5.',
    );
    expect(getTrend).toHaveBeenCalledWith(undefined, 30);
  });

  it('lists the oldest criticals and the remediation due, overdue first and marked', async () => {
    await renderSecurityContent(<SecurityDashboard />, { api: summaryApi() });

    await screen.findByRole('heading', { name: 'Oldest unresolved criticals' });
    expect(
      within(tableTitled('Oldest unresolved criticals')).getByText(
        'CVE-2021-44228',
      ),
    ).toBeInTheDocument();
    const due = within(tableTitled('Remediation due')).getAllByRole('row');
    const overdueRow = due.find(row =>
      row.textContent?.includes('CVE-2024-6666'),
    )!;
    const laterRow = due.find(row =>
      row.textContent?.includes('CVE-2024-5555'),
    )!;
    expect(due.indexOf(overdueRow)).toBeLessThan(due.indexOf(laterRow));
    expect(within(overdueRow).getByText('Overdue')).toBeInTheDocument();
    expect(within(laterRow).queryByText('Overdue')).not.toBeInTheDocument();
    expect(
      screen.getByText('1 finding is overdue for remediation.'),
    ).toBeInTheDocument();
  });

  it('explains how to upload reports when nothing was scanned yet', async () => {
    await renderSecurityContent(<SecurityDashboard />, {
      api: new InMemorySecurityApi(),
    });

    expect(
      await screen.findByText('No scanner reports yet — upload one from CI'),
    ).toBeInTheDocument();
  });

  it('names the missing permission when the summary is refused', async () => {
    const refused = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await renderSecurityContent(<SecurityDashboard />, {
      api: new InMemorySecurityApi({ failures: { getSummary: refused } }),
    });

    expect(
      await screen.findByText(
        'You are not allowed to do this: the permission idp.security.read is required.',
      ),
    ).toBeInTheDocument();
  });
});
