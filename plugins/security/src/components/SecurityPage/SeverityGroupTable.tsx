import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  SecuritySummaryGroup,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import { SeverityChip } from '@idp-platform/backstage-plugin-idp-react';
import { SEVERITIES_BY_URGENCY } from '../SeverityCounts';

const SHOWN: Severity[] = SEVERITIES_BY_URGENCY.filter(s => s !== 'none');

const totalOf = (group: SecuritySummaryGroup) =>
  SHOWN.reduce((sum, s) => sum + (group.open[s] ?? 0), 0);

/** Most urgent first: by criticals, then highs, and so on. */
function byUrgency(a: SecuritySummaryGroup, b: SecuritySummaryGroup) {
  for (const severity of SHOWN) {
    const difference = (b.open[severity] ?? 0) - (a.open[severity] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.key.localeCompare(b.key);
}

/**
 * Open findings per owner team or per system, a column per severity, the
 * most exposed first, each name linking to its catalog entity.
 */
export function SeverityGroupTable(props: {
  title: string;
  groupLabel: string;
  groups: SecuritySummaryGroup[];
}) {
  const columns: TableColumn<SecuritySummaryGroup>[] = [
    {
      title: props.groupLabel,
      render: group =>
        group.key === 'unknown' ? (
          <Typography variant="body2" color="textSecondary">
            Unknown
          </Typography>
        ) : (
          <EntityRefLink entityRef={group.key} />
        ),
    },
    ...SHOWN.map(
      (severity): TableColumn<SecuritySummaryGroup> => ({
        title: severity.charAt(0).toUpperCase() + severity.slice(1),
        align: 'right',
        render: group => {
          const count = group.open[severity] ?? 0;
          return count > 0 ? (
            <SeverityChip severity={severity} label={String(count)} />
          ) : (
            '0'
          );
        },
      }),
    ),
    { title: 'Total', align: 'right', render: group => totalOf(group) },
  ];
  return (
    <Table<SecuritySummaryGroup>
      title={props.title}
      columns={columns}
      data={[...props.groups].sort(byUrgency)}
      options={{
        search: false,
        paging: props.groups.length > 20,
        pageSize: 20,
        padding: 'dense',
      }}
      emptyContent={
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: 16 }}
        >
          No open findings.
        </Typography>
      }
    />
  );
}
