import Typography from '@material-ui/core/Typography';
import {
  ConfigJsonValue,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import { SecretReferenceChip } from './SecretReferenceChip';

const MAX_LENGTH = 80;

/** One configuration value: a secret reference as a chip, anything else as compact JSON. */
export function ConfigValue(props: { value: ConfigJsonValue | undefined }) {
  const { value } = props;
  if (isSecretRefValue(value)) {
    return <SecretReferenceChip secretRef={value.secretRef} />;
  }
  const text =
    typeof value === 'string' && value !== '' ? value : JSON.stringify(value);
  return (
    <Typography
      variant="body2"
      component="code"
      style={{ wordBreak: 'break-all' }}
      title={text.length > MAX_LENGTH ? text : undefined}
    >
      {text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text}
    </Typography>
  );
}
