import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { FindingTrendPoint } from '@idp-platform/backstage-plugin-idp-common';
import { severityColor } from '@idp-platform/backstage-plugin-idp-react';
import { SEVERITIES_BY_URGENCY } from '../SeverityCounts';

const HEIGHT = 120;
const BAR_WIDTH = 12;
const GAP = 4;

const totalOf = (point: FindingTrendPoint) =>
  SEVERITIES_BY_URGENCY.reduce((sum, s) => sum + (point.open[s] ?? 0), 0);

/**
 * Open findings per day as stacked bars, critical at the bottom. A plain SVG:
 * one small chart does not justify a chart library.
 */
export function FindingTrendChart(props: {
  points: FindingTrendPoint[];
  title?: string;
}) {
  const theme = useTheme();
  const { points } = props;
  if (points.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No trend data yet.
      </Typography>
    );
  }
  const max = Math.max(1, ...points.map(totalOf));
  const width = points.length * (BAR_WIDTH + GAP);
  const first = points[0];
  const last = points[points.length - 1];
  const description = `${props.title ?? 'Open findings'}: ${totalOf(
    first,
  )} on ${first.date}, ${totalOf(last)} on ${last.date}, at most ${max}.`;

  return (
    <svg
      role="img"
      aria-label={description}
      viewBox={`0 0 ${width} ${HEIGHT + 16}`}
      width="100%"
      height={HEIGHT + 16}
      preserveAspectRatio="none"
    >
      <title>{description}</title>
      {points.map((point, index) => {
        let top = HEIGHT;
        return (
          <g key={point.date}>
            <title>{`${point.date}: ${totalOf(point)} open`}</title>
            {SEVERITIES_BY_URGENCY.map(severity => {
              const height = ((point.open[severity] ?? 0) / max) * HEIGHT;
              top -= height;
              return height > 0 ? (
                <rect
                  key={severity}
                  data-testid={`bar-${point.date}-${severity}`}
                  x={index * (BAR_WIDTH + GAP)}
                  y={top}
                  width={BAR_WIDTH}
                  height={height}
                  // The chip's colour, so a bar reads like its SeverityChip.
                  fill={severityColor(severity).backgroundColor}
                />
              ) : null;
            })}
          </g>
        );
      })}
      <line
        x1={0}
        x2={width}
        y1={HEIGHT}
        y2={HEIGHT}
        stroke={theme.palette.divider}
      />
      <text
        x={0}
        y={HEIGHT + 14}
        fontSize={10}
        fill={theme.palette.text.secondary}
      >
        {first.date}
      </text>
      <text
        x={width}
        y={HEIGHT + 14}
        fontSize={10}
        textAnchor="end"
        fill={theme.palette.text.secondary}
      >
        {last.date}
      </text>
    </svg>
  );
}
