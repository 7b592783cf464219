import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Throws NotAllowedError (403) unless the catalog-entity resource permission
 * is granted for this entity (conditional policies such as isEntityOwner apply).
 *
 * @public
 */
export async function authorizeEntityOrThrow(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Missing permission ${permission.name} on ${entityRef}`,
    );
  }
}

/**
 * The entity refs among `entityRefs` the resource permission is granted for,
 * in one batched authorize call.
 *
 * @public
 */
export async function allowedEntityRefs(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRefs: string[],
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const unique = [...new Set(entityRefs)];
  if (!unique.length) return new Set();
  const decisions = await permissions.authorize(
    unique.map(resourceRef => ({ permission, resourceRef })),
    { credentials },
  );
  return new Set(
    unique.filter(
      (_, index) => decisions[index].result === AuthorizeResult.ALLOW,
    ),
  );
}
