import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import Link from '@material-ui/core/Link';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { useRef } from 'react';

/** A problem the backend or the parser found, at a line of the YAML when known. */
export interface YamlProblem {
  line?: number;
  message: string;
}

/** Props of {@link YamlEditor}. */
export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  problems: YamlProblem[];
  label: string;
  readOnly?: boolean;
}

const LINE_HEIGHT = 20;

const useStyles = makeStyles(
  theme => ({
    frame: {
      display: 'flex',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      fontFamily:
        'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 13,
      lineHeight: `${LINE_HEIGHT}px`,
      maxHeight: 480,
      overflow: 'auto',
    },
    gutter: {
      padding: theme.spacing(1, 1),
      textAlign: 'right',
      color: theme.palette.text.secondary,
      userSelect: 'none',
      borderRight: `1px solid ${theme.palette.divider}`,
      minWidth: 40,
    },
    problemLine: {
      color: theme.palette.error.main,
      backgroundColor: alpha(theme.palette.error.main, 0.12),
      fontWeight: theme.typography.fontWeightBold as number,
    },
    textarea: {
      flex: 1,
      border: 'none',
      outline: 'none',
      resize: 'none',
      padding: theme.spacing(1),
      font: 'inherit',
      lineHeight: 'inherit',
      color: theme.palette.text.primary,
      backgroundColor: 'transparent',
      whiteSpace: 'pre',
      overflow: 'hidden',
    },
  }),
  { name: 'IdpPolicyYamlEditor' },
);

/**
 * A YAML text area with line numbers; lines with a problem are marked in the
 * gutter and the problems are listed under it with their line, a click
 * moving the cursor there.
 */
export function YamlEditor(props: YamlEditorProps) {
  const { value, onChange, problems, label, readOnly } = props;
  const classes = useStyles();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const lines = value.split('\n');
  const problemLines = new Set(
    problems.map(p => p.line).filter((l): l is number => l !== undefined),
  );

  const goToLine = (line: number) => {
    const element = textarea.current;
    if (!element) return;
    const offset = lines
      .slice(0, line - 1)
      .reduce((sum, text) => sum + text.length + 1, 0);
    element.focus();
    element.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
  };

  return (
    <Box>
      <div className={classes.frame}>
        <div className={classes.gutter} aria-hidden="true">
          {lines.map((_, index) => (
            <div
              key={index}
              className={
                problemLines.has(index + 1) ? classes.problemLine : undefined
              }
            >
              {index + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={textarea}
          className={classes.textarea}
          aria-label={label}
          aria-invalid={problems.length > 0}
          spellCheck={false}
          readOnly={readOnly}
          value={value}
          rows={Math.max(lines.length, 8)}
          onChange={event => onChange(event.target.value)}
        />
      </div>
      {problems.length > 0 && (
        <List dense aria-label="Problems in the YAML">
          {problems.map((problem, index) => (
            <ListItem key={index}>
              <Typography variant="body2" color="error">
                {problem.line !== undefined ? (
                  <Link
                    component="button"
                    color="error"
                    onClick={() => goToLine(problem.line!)}
                  >
                    Line {problem.line}
                  </Link>
                ) : null}
                {problem.line !== undefined ? ': ' : ''}
                {problem.message}
              </Typography>
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
