import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import LockIcon from '@material-ui/icons/Lock';
import type { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden';

/**
 * Props of {@link EnvironmentChip}.
 *
 * @public
 */
export interface EnvironmentChipProps {
  environment: Environment;
  /** Emphasises the chip, for example the environment an artifact is in. */
  highlighted?: boolean;
  size?: 'small' | 'medium';
}

/**
 * What a protected environment demands of a change, in words; undefined for
 * an unprotected environment.
 *
 * @public
 */
export function describeEnvironmentProtection(
  environment: Environment,
): string | undefined {
  if (!environment.protected) return undefined;
  const count = environment.requiredApprovals;
  if (count === 0) return 'Protected environment';
  return `Protected: changes need ${count} ${
    count === 1 ? 'approval' : 'approvals'
  }`;
}

/**
 * A chip for one environment, showing its title (or name). Protected
 * environments carry a lock icon and a tooltip stating the approvals required.
 *
 * @public
 */
export function EnvironmentChip(props: EnvironmentChipProps) {
  const { environment, highlighted = false, size = 'small' } = props;
  const protection = describeEnvironmentProtection(environment);

  const chip = (
    <Chip
      size={size}
      color={highlighted ? 'primary' : 'default'}
      variant={highlighted ? 'default' : 'outlined'}
      icon={protection ? <LockIcon aria-hidden /> : undefined}
      label={
        <>
          <span>{environment.title ?? environment.name}</span>
          {/* The tooltip needs a pointer; screen readers get the same words here. */}
          {protection && <VisuallyHidden>, {protection}</VisuallyHidden>}
        </>
      }
    />
  );
  if (!protection) return chip;
  return <Tooltip title={protection}>{chip}</Tooltip>;
}
