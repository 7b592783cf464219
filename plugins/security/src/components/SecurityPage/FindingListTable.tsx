import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { SecurityFinding } from '@idp-platform/backstage-plugin-idp-common';
import { SeverityChip } from '@idp-platform/backstage-plugin-idp-react';
import { DueDate, isOverdue } from '../DueDate';

const DAY = 24 * 60 * 60 * 1000;

function ageInDays(since: string, now: Date): number {
  return Math.floor((now.getTime() - new Date(since).getTime()) / DAY);
}

/**
 * Findings across entities, with their entity, age and due date; overdue
 * ones are marked in words and colour.
 */
export function FindingListTable(props: {
  title: string;
  findings: SecurityFinding[];
  emptyText: string;
}) {
  const now = new Date();
  const columns: TableColumn<SecurityFinding>[] = [
    { title: 'Severity', render: f => <SeverityChip severity={f.severity} /> },
    {
      title: 'Vulnerability',
      render: f => (
        <>
          <Typography variant="body2">
            <strong>{f.vulnerabilityId}</strong>
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {f.title}
          </Typography>
        </>
      ),
    },
    { title: 'Entity', render: f => <EntityRefLink entityRef={f.entityRef} /> },
    {
      title: 'Package',
      render: f =>
        f.packageName ? (
          <>
            <code>{f.packageName}</code> {f.installedVersion}
          </>
        ) : (
          <code>{f.location}</code>
        ),
    },
    {
      title: 'Open for',
      render: f => `${ageInDays(f.firstSeen, now)} days`,
    },
    {
      title: 'Due',
      render: f => <DueDate finding={f} now={now} />,
    },
  ];
  return (
    <Table<SecurityFinding>
      title={props.title}
      columns={columns}
      data={props.findings}
      options={{
        search: false,
        paging: props.findings.length > 10,
        pageSize: 10,
        padding: 'dense',
        rowStyle: (f: SecurityFinding) =>
          isOverdue(f, now)
            ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' }
            : {},
      }}
      emptyContent={
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: 16 }}
        >
          {props.emptyText}
        </Typography>
      }
    />
  );
}
