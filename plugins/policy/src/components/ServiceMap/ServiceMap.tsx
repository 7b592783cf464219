import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Theme, makeStyles, useTheme } from '@material-ui/core/styles';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { ServiceEdge, ServiceNode } from './buildServiceGraph';

/** Whether the policies let a call through. */
export type EdgeStatus = 'allowed' | 'denied' | 'unknown';

/** A call on the map: from the catalog, from a policy, or both. */
export interface MapEdge {
  source: string;
  target: string;
  status: EdgeStatus;
  /** Why the catalog links them; empty when only a policy names the call. */
  reasons: ServiceEdge['reasons'];
  /** What decided the status, for example the rule that allows it. */
  explanation?: string;
}

/** Props of {@link ServiceMap}. */
export interface ServiceMapProps {
  nodes: ServiceNode[];
  edges: MapEdge[];
  /** The highlighted service, by entity ref. */
  selected?: string;
  onSelect?: (ref: string) => void;
}

const TIER_ORDER = ['frontend', 'backend', 'database', 'external'];
const NODE_WIDTH = 150;
const NODE_HEIGHT = 36;
const COLUMN_GAP = 90;
const ROW_GAP = 24;
const MARGIN = 24;
const HEADER = 28;

const STATUS_LABEL: Record<EdgeStatus, string> = {
  allowed: 'Allowed',
  denied: 'Denied',
  unknown: 'No policy',
};
// StatusChip picks its colour by status word.
const STATUS_WORD: Record<EdgeStatus, string> = {
  allowed: 'healthy',
  denied: 'failed',
  unknown: 'unknown',
};

const useStyles = makeStyles(
  theme => ({
    svg: {
      display: 'block',
      maxWidth: '100%',
      height: 'auto',
      fontFamily: theme.typography.fontFamily,
    },
    node: {
      cursor: 'pointer',
      '&:focus': { outline: 'none' },
      '&:focus rect': { strokeWidth: 3 },
    },
    legend: {
      display: 'flex',
      gap: theme.spacing(2),
      flexWrap: 'wrap',
      marginTop: theme.spacing(1),
    },
  }),
  { name: 'IdpPolicyServiceMap' },
);

function edgeColour(theme: Theme, status: EdgeStatus) {
  if (status === 'allowed') return theme.palette.success.main;
  if (status === 'denied') return theme.palette.error.main;
  return theme.palette.text.disabled;
}

/** Columns by tier, in the order traffic usually flows; untiered last. */
function layout(nodes: ServiceNode[]) {
  const tiers = [
    ...TIER_ORDER.filter(t => nodes.some(n => n.tier === t)),
    ...(nodes.some(n => !n.tier || !TIER_ORDER.includes(n.tier))
      ? ['other']
      : []),
  ];
  const positions = new Map<string, { x: number; y: number }>();
  let rows = 0;
  tiers.forEach((tier, column) => {
    const members = nodes.filter(n =>
      tier === 'other'
        ? !n.tier || !TIER_ORDER.includes(n.tier)
        : n.tier === tier,
    );
    rows = Math.max(rows, members.length);
    members.forEach((node, row) =>
      positions.set(node.ref, {
        x: MARGIN + column * (NODE_WIDTH + COLUMN_GAP),
        y: MARGIN + HEADER + row * (NODE_HEIGHT + ROW_GAP),
      }),
    );
  });
  return {
    tiers,
    positions,
    width:
      MARGIN * 2 + tiers.length * NODE_WIDTH + (tiers.length - 1) * COLUMN_GAP,
    height: MARGIN * 2 + HEADER + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP,
  };
}

const nameOf = (nodes: ServiceNode[], ref: string) =>
  nodes.find(n => n.ref === ref)?.name ?? ref;

/**
 * The services as boxes in columns by tier and the calls between them as
 * arrows: green when a policy allows the call, red when it is denied, grey
 * and dashed when no policy decides it. The same calls are listed in a table
 * for keyboards and screen readers.
 */
export function ServiceMap(props: ServiceMapProps) {
  const { nodes, edges, selected, onSelect } = props;
  const classes = useStyles();
  const theme = useTheme();
  const { tiers, positions, width, height } = layout(nodes);

  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        role="img"
        aria-label={`Service map: ${nodes.length} services, ${edges.length} connections`}
      >
        <defs>
          {(['allowed', 'denied', 'unknown'] as EdgeStatus[]).map(status => (
            <marker
              key={status}
              id={`policy-arrow-${status}`}
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path
                d="M 0 0 L 10 5 L 0 10 z"
                fill={edgeColour(theme, status)}
              />
            </marker>
          ))}
        </defs>
        {tiers.map((tier, column) => (
          <text
            key={tier}
            x={MARGIN + column * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2}
            y={MARGIN + 12}
            textAnchor="middle"
            fontSize={12}
            fill={theme.palette.text.secondary}
          >
            {tier}
          </text>
        ))}
        {edges.map(edge => {
          const from = positions.get(edge.source);
          const to = positions.get(edge.target);
          if (!from || !to) return null;
          const forward = to.x >= from.x;
          const x1 = forward ? from.x + NODE_WIDTH : from.x;
          const x2 = forward ? to.x : to.x + NODE_WIDTH;
          const y1 = from.y + NODE_HEIGHT / 2;
          const y2 = to.y + NODE_HEIGHT / 2;
          const bend = to.x === from.x ? 60 : (x2 - x1) / 2;
          const curve = `M ${x1} ${y1} C ${
            x1 + (forward ? Math.abs(bend) : -Math.abs(bend))
          } ${y1}, ${
            x2 - (forward ? Math.abs(bend) : -Math.abs(bend))
          } ${y2}, ${x2} ${y2}`;
          return (
            <path
              key={`${edge.source} ${edge.target}`}
              d={curve}
              fill="none"
              stroke={edgeColour(theme, edge.status)}
              strokeWidth={2}
              strokeDasharray={edge.status === 'unknown' ? '5 4' : undefined}
              markerEnd={`url(#policy-arrow-${edge.status})`}
            >
              <title>
                {`${nameOf(nodes, edge.source)} → ${nameOf(
                  nodes,
                  edge.target,
                )}: ${STATUS_LABEL[edge.status]}`}
              </title>
            </path>
          );
        })}
        {nodes.map(node => {
          const position = positions.get(node.ref)!;
          const isSelected = node.ref === selected;
          return (
            <g
              key={node.ref}
              className={classes.node}
              transform={`translate(${position.x} ${position.y})`}
              onClick={() => onSelect?.(node.ref)}
              onKeyDown={event => {
                if (event.key === 'Enter' || event.key === ' ') {
                  onSelect?.(node.ref);
                }
              }}
              tabIndex={onSelect ? 0 : undefined}
              role={onSelect ? 'button' : undefined}
              aria-label={onSelect ? `Select ${node.name}` : undefined}
              aria-pressed={onSelect ? isSelected : undefined}
            >
              <rect
                width={NODE_WIDTH}
                height={NODE_HEIGHT}
                rx={6}
                fill={theme.palette.background.paper}
                stroke={
                  isSelected
                    ? theme.palette.primary.main
                    : theme.palette.divider
                }
                strokeWidth={isSelected ? 3 : 1}
              />
              <text
                x={NODE_WIDTH / 2}
                y={NODE_HEIGHT / 2 + 4}
                textAnchor="middle"
                fontSize={13}
                fill={theme.palette.text.primary}
              >
                {node.name.length > 20
                  ? `${node.name.slice(0, 19)}…`
                  : node.name}
              </text>
            </g>
          );
        })}
      </svg>
      <div className={classes.legend} aria-hidden="true">
        {(['allowed', 'denied', 'unknown'] as EdgeStatus[]).map(status => (
          <Typography
            key={status}
            variant="caption"
            style={{ color: edgeColour(theme, status) }}
          >
            {status === 'unknown' ? '- - -' : '——'} {STATUS_LABEL[status]}
          </Typography>
        ))}
      </div>
      <Table size="small" aria-label="Connections">
        <TableHead>
          <TableRow>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>Policy</TableCell>
            <TableCell>Known from</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {edges.map(edge => (
            <TableRow key={`${edge.source} ${edge.target}`}>
              <TableCell>{nameOf(nodes, edge.source)}</TableCell>
              <TableCell>{nameOf(nodes, edge.target)}</TableCell>
              <TableCell>
                <StatusChip
                  status={STATUS_WORD[edge.status]}
                  label={STATUS_LABEL[edge.status]}
                />
                {edge.explanation && (
                  <Typography variant="caption" display="block">
                    {edge.explanation}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {edge.reasons.length === 0
                  ? 'policy only'
                  : edge.reasons
                      .map(r =>
                        r.relation === 'dependsOn'
                          ? 'depends on'
                          : `consumes ${r.api}`,
                      )
                      .join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
