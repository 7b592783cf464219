import Chip from '@material-ui/core/Chip';
import LockIcon from '@material-ui/icons/Lock';
import { SecretReference } from '@idp-platform/backstage-plugin-idp-common';

/** Where a secret lives, as a lock chip; the value never reaches the frontend. */
export function SecretReferenceChip(props: { secretRef: SecretReference }) {
  const { store, key, property, version } = props.secretRef;
  const location = `${store}: ${key}${property ? `#${property}` : ''}${
    version ? `@${version}` : ''
  }`;
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={<LockIcon aria-hidden />}
      label={location}
      aria-label={`Secret reference ${location}`}
    />
  );
}
