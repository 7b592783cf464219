import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles(
  {
    root: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  { name: 'IdpVisuallyHidden' },
);

/**
 * Props of {@link VisuallyHidden}.
 *
 * @public
 */
export interface VisuallyHiddenProps {
  children: ReactNode;
}

/**
 * Text for screen readers only, where colour or an icon carries the meaning on
 * screen.
 *
 * @public
 */
export function VisuallyHidden(props: VisuallyHiddenProps) {
  const classes = useStyles();
  return <span className={classes.root}>{props.children}</span>;
}
