import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  SecuritySummary,
  SeverityCounts as Counts,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { NoReportsEmptyState } from '../NoReportsEmptyState';
import { SecurityErrorPanel } from '../SecurityErrorPanel';
import { SEVERITIES_BY_URGENCY, SeverityCounts } from '../SeverityCounts';
import { isOverdue } from '../DueDate';
import { FindingTrendCard } from '../EntitySecurityContent/FindingTrendCard';
import { FindingListTable } from './FindingListTable';
import { SeverityGroupTable } from './SeverityGroupTable';

function totalOpen(summary: SecuritySummary): Counts {
  const total = { none: 0, low: 0, medium: 0, high: 0, critical: 0 };
  for (const group of summary.byOwner) {
    for (const severity of SEVERITIES_BY_URGENCY) {
      total[severity] += group.open[severity] ?? 0;
    }
  }
  return total;
}

const isEmpty = (summary: SecuritySummary) =>
  summary.byOwner.length === 0 &&
  summary.bySystem.length === 0 &&
  summary.oldestCriticals.length === 0 &&
  summary.remediationDue.length === 0;

/**
 * The organisation's security posture: open findings in total, by owner team
 * and by system, the oldest unresolved criticals and what is due for
 * remediation, overdue first.
 */
export function SecurityDashboard() {
  const api = useApi(securityApiRef);
  const summary = useAsync(() => api.getSummary(), [api]);

  if (summary.loading) return <Progress />;
  if (summary.error) {
    return (
      <SecurityErrorPanel
        error={summary.error}
        permission={securityReadPermission}
      />
    );
  }
  if (!summary.value || isEmpty(summary.value)) {
    return <NoReportsEmptyState />;
  }
  const value = summary.value;
  const due = [...value.remediationDue].sort((a, b) => {
    const overdueFirst = Number(isOverdue(b)) - Number(isOverdue(a));
    return overdueFirst || (a.dueAt ?? '').localeCompare(b.dueAt ?? '');
  });
  const overdueCount = due.filter(f => isOverdue(f)).length;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Open findings across the organisation">
          <SeverityCounts counts={totalOpen(value)} size="medium" />
          {overdueCount > 0 && (
            <Typography color="error" variant="body2" style={{ marginTop: 8 }}>
              {overdueCount === 1
                ? '1 finding is overdue for remediation.'
                : `${overdueCount} findings are overdue for remediation.`}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <FindingTrendCard />
      </Grid>
      <Grid item xs={12} lg={6}>
        <SeverityGroupTable
          title="By team"
          groupLabel="Owner"
          groups={value.byOwner}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <SeverityGroupTable
          title="By system"
          groupLabel="System"
          groups={value.bySystem}
        />
      </Grid>
      <Grid item xs={12}>
        <FindingListTable
          title="Oldest unresolved criticals"
          findings={value.oldestCriticals}
          emptyText="No open critical findings."
        />
      </Grid>
      <Grid item xs={12}>
        <FindingListTable
          title="Remediation due"
          findings={due}
          emptyText="Nothing is due for remediation."
        />
      </Grid>
    </Grid>
  );
}
