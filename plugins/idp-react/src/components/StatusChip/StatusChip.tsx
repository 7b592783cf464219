import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { StatusColorFamily, statusColorFamily } from './statusColorFamily';

/**
 * Props of {@link StatusChip}.
 *
 * @public
 */
export interface StatusChipProps {
  /** The status, for example `pending`, `Succeeded` or `override-pass`. */
  status: string;
  /** Text to show instead of the status itself. */
  label?: string;
  size?: 'small' | 'medium';
}

// An icon per family so the status does not depend on colour alone.
const ICONS: Record<StatusColorFamily, typeof HelpOutline> = {
  success: CheckCircleOutline,
  warning: ReportProblemOutlined,
  error: ErrorOutline,
  neutral: HelpOutline,
};

/**
 * A chip for a status string, coloured by its family: success, warning, error
 * or neutral (see {@link statusColorFamily}).
 *
 * @public
 */
export function StatusChip(props: StatusChipProps) {
  const { status, label, size = 'small' } = props;
  const theme = useTheme();
  const family = statusColorFamily(status);
  const Icon = ICONS[family];
  const colors =
    family === 'neutral'
      ? undefined
      : {
          backgroundColor: theme.palette[family].main,
          color: theme.palette[family].contrastText,
        };
  return (
    <Chip
      size={size}
      label={label ?? status}
      icon={<Icon style={colors && { color: 'inherit' }} />}
      style={colors}
    />
  );
}
