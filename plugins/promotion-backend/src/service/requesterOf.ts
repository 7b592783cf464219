import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { userEntityRefOf } from '@idp-platform/backstage-plugin-idp-node';

/** Who made a call: the user's entity ref, or `service:<subject>` for CI and other services. */
export function requesterOf(credentials: BackstageCredentials): string {
  const user = userEntityRefOf(credentials);
  if (user) return user;
  const principal = credentials.principal as { subject?: string };
  return `service:${principal?.subject ?? 'unknown'}`;
}
