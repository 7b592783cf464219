import { useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import UnfoldMoreIcon from '@material-ui/icons/UnfoldMore';
import {
  CollapsedLines,
  collapseUnchangedLines,
} from './collapseUnchangedLines';
import { DiffLine, computeDiffLines } from './computeDiffLines';
import { pairLinesSideBySide } from './pairLinesSideBySide';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden';

/**
 * Props of {@link DiffView}.
 *
 * @public
 */
export interface DiffViewProps {
  before: string;
  after: string;
  /** Name of the text before the change; defaults to "Before". */
  beforeLabel?: string;
  /** Name of the text after the change; defaults to "After". */
  afterLabel?: string;
  /** One column with both sides interleaved, or the two sides next to each other. */
  mode?: 'unified' | 'split';
}

const CONTEXT_LINES = 3;

const useStyles = makeStyles(
  theme => ({
    container: {
      overflowX: 'auto',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
    },
    table: {
      width: '100%',
      borderCollapse: 'collapse',
      fontFamily:
        'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: theme.typography.body2.fontSize,
      lineHeight: 1.5,
    },
    header: {
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightMedium as number,
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
      '& > * + *': {
        marginLeft: theme.spacing(2),
      },
    },
    lineNumber: {
      width: '1%',
      padding: theme.spacing(0, 1),
      textAlign: 'right',
      whiteSpace: 'nowrap',
      color: theme.palette.text.secondary,
      userSelect: 'none',
    },
    marker: {
      width: '1%',
      padding: theme.spacing(0, 0.5),
      userSelect: 'none',
    },
    content: {
      padding: theme.spacing(0, 1),
      whiteSpace: 'pre',
    },
    added: {
      backgroundColor: alpha(theme.palette.success.main, 0.15),
    },
    removed: {
      backgroundColor: alpha(theme.palette.error.main, 0.15),
    },
    unchanged: {},
    missing: {
      backgroundColor: theme.palette.action.hover,
    },
    addedMarker: {
      color: theme.palette.success.main,
    },
    removedMarker: {
      color: theme.palette.error.main,
    },
    collapsed: {
      backgroundColor: theme.palette.action.hover,
      color: theme.palette.text.secondary,
    },
    collapsedButton: {
      fontFamily: 'inherit',
      textTransform: 'none',
    },
    noDifferences: {
      padding: theme.spacing(2),
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
    },
  }),
  { name: 'IdpDiffView' },
);

type Classes = ReturnType<typeof useStyles>;

const MARKERS = { added: '+', removed: '-' } as const;

function LineMarker(props: { line: DiffLine; classes: Classes }) {
  const { line, classes } = props;
  if (line.kind === 'unchanged') return null;
  return (
    <>
      <span aria-hidden className={classes[`${line.kind}Marker`]}>
        {MARKERS[line.kind]}
      </span>
      {/* Colour and sign are visual; screen readers hear the word. */}
      <VisuallyHidden>{line.kind}</VisuallyHidden>
    </>
  );
}

function UnifiedLineRow(props: { line: DiffLine; classes: Classes }) {
  const { line, classes } = props;
  return (
    <tr className={classes[line.kind]}>
      <td className={classes.lineNumber}>{line.beforeNumber}</td>
      <td className={classes.lineNumber}>{line.afterNumber}</td>
      <td className={classes.marker}>
        <LineMarker line={line} classes={classes} />
      </td>
      <td className={classes.content}>{line.text}</td>
    </tr>
  );
}

function SideCells(props: {
  line?: DiffLine;
  side: 'before' | 'after';
  classes: Classes;
}) {
  const { line, side, classes } = props;
  if (!line) {
    return <td colSpan={3} className={classes.missing} />;
  }
  const className = classes[line.kind];
  return (
    <>
      <td className={`${classes.lineNumber} ${className}`}>
        {side === 'before' ? line.beforeNumber : line.afterNumber}
      </td>
      <td className={`${classes.marker} ${className}`}>
        <LineMarker line={line} classes={classes} />
      </td>
      <td className={`${classes.content} ${className}`}>{line.text}</td>
    </>
  );
}

function CollapsedRow(props: {
  collapsed: CollapsedLines;
  columns: number;
  onExpand: () => void;
  classes: Classes;
}) {
  const { collapsed, columns, onExpand, classes } = props;
  return (
    <tr className={classes.collapsed}>
      <td colSpan={columns}>
        <Button
          size="small"
          className={classes.collapsedButton}
          startIcon={<UnfoldMoreIcon />}
          onClick={onExpand}
        >
          {collapsed.lines.length} unchanged lines
        </Button>
      </td>
    </tr>
  );
}

const lineKey = (line?: DiffLine) =>
  line ? `${line.beforeNumber ?? ''}/${line.afterNumber ?? ''}` : '';

/**
 * A line diff of two texts: added lines in green with "+", removed lines in
 * red with "-", and unchanged lines further than three lines from a change
 * folded into a row that expands on click.
 *
 * @public
 */
export function DiffView(props: DiffViewProps) {
  const {
    before,
    after,
    beforeLabel = 'Before',
    afterLabel = 'After',
    mode = 'unified',
  } = props;
  const classes = useStyles();
  const rows = useMemo(
    () =>
      collapseUnchangedLines(computeDiffLines(before, after), CONTEXT_LINES),
    [before, after],
  );
  const [expanded, setExpanded] = useState<ReadonlySet<CollapsedLines>>(
    new Set(),
  );

  if (!rows.some(row => row.kind === 'added' || row.kind === 'removed')) {
    return (
      <div className={classes.noDifferences} role="status">
        <Typography variant="body1">No differences</Typography>
        <Typography variant="body2" color="textSecondary">
          {beforeLabel} and {afterLabel} are identical.
        </Typography>
      </div>
    );
  }

  // Consecutive visible lines form one block, so side-by-side pairing sees a
  // whole run of changes at once.
  const blocks: Array<DiffLine[] | CollapsedLines> = [];
  for (const row of rows) {
    if (row.kind === 'collapsed' && !expanded.has(row)) {
      blocks.push(row);
      continue;
    }
    const lines = row.kind === 'collapsed' ? row.lines : [row];
    const last = blocks[blocks.length - 1];
    if (Array.isArray(last)) last.push(...lines);
    else blocks.push([...lines]);
  }

  const columns = mode === 'split' ? 6 : 4;
  const expand = (collapsed: CollapsedLines) =>
    setExpanded(previous => new Set(previous).add(collapsed));

  return (
    <div className={classes.container}>
      <table
        className={classes.table}
        aria-label={`Changes from ${beforeLabel} to ${afterLabel}`}
      >
        <thead>
          {mode === 'split' ? (
            <tr>
              <th colSpan={3} scope="colgroup" className={classes.header}>
                {beforeLabel}
              </th>
              <th colSpan={3} scope="colgroup" className={classes.header}>
                {afterLabel}
              </th>
            </tr>
          ) : (
            <tr>
              <th colSpan={columns} scope="colgroup" className={classes.header}>
                <span>
                  <span aria-hidden className={classes.removedMarker}>
                    -{' '}
                  </span>
                  <span>{beforeLabel}</span>
                </span>
                <span>
                  <span aria-hidden className={classes.addedMarker}>
                    +{' '}
                  </span>
                  <span>{afterLabel}</span>
                </span>
              </th>
            </tr>
          )}
        </thead>
        <tbody>
          {blocks.map(block => {
            if (!Array.isArray(block)) {
              return (
                <CollapsedRow
                  key={`collapsed-${lineKey(block.lines[0])}`}
                  collapsed={block}
                  columns={columns}
                  onExpand={() => expand(block)}
                  classes={classes}
                />
              );
            }
            if (mode === 'split') {
              return pairLinesSideBySide(block).map(pair => (
                <tr key={`${lineKey(pair.before)}|${lineKey(pair.after)}`}>
                  <SideCells
                    line={pair.before}
                    side="before"
                    classes={classes}
                  />
                  <SideCells line={pair.after} side="after" classes={classes} />
                </tr>
              ));
            }
            return block.map(line => (
              <UnifiedLineRow
                key={lineKey(line)}
                line={line}
                classes={classes}
              />
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
