import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import type { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentChip } from './EnvironmentChip';

/**
 * Props of {@link EnvironmentChips}.
 *
 * @public
 */
export interface EnvironmentChipsProps {
  /** Environments in promotion order. */
  environments: Environment[];
  /** Name of the environment to emphasise. */
  highlighted?: string;
  size?: 'small' | 'medium';
}

const useStyles = makeStyles(
  theme => ({
    list: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    item: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
    },
    arrow: {
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'IdpEnvironmentChips' },
);

/**
 * The environments in promotion order, as chips joined by arrows.
 *
 * @public
 */
export function EnvironmentChips(props: EnvironmentChipsProps) {
  const { environments, highlighted, size } = props;
  const classes = useStyles();

  if (environments.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments configured
      </Typography>
    );
  }

  return (
    <ol className={classes.list} aria-label="Promotion order">
      {environments.map((environment, index) => {
        const isHighlighted = environment.name === highlighted;
        return (
          <li
            key={environment.name}
            className={classes.item}
            aria-current={isHighlighted ? 'step' : undefined}
          >
            {index > 0 && (
              <ArrowForwardIcon
                fontSize="small"
                className={classes.arrow}
                aria-hidden
              />
            )}
            <EnvironmentChip
              environment={environment}
              highlighted={isHighlighted}
              size={size}
            />
          </li>
        );
      })}
    </ol>
  );
}
