import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  describeBackendError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';

/**
 * A failed load: a plain sentence naming the permission when the backend
 * answered 403, the backend's error panel otherwise.
 */
export function SecurityErrorPanel(props: {
  error: Error;
  permission: { name: string };
}) {
  if (isNotAllowedError(props.error)) {
    return (
      <Alert severity="warning">
        <AlertTitle>Not allowed</AlertTitle>
        {describeBackendError(props.error, { permission: props.permission })}
      </Alert>
    );
  }
  return <ResponseErrorPanel error={props.error} />;
}
