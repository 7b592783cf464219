import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ApiHolder } from '@backstage/core-plugin-api';
import { IDP_ANNOTATIONS } from '@idp-platform/backstage-plugin-idp-common';
import { policyApiRef } from './api';

const isComponent = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component';

/**
 * Whether a Component names its network tier with `idp-platform/policy-tier`
 * and so gets the Policy tab. Synchronous, as entity content filters are.
 *
 * @public
 */
export function isPolicyAvailable(entity: Entity): boolean {
  return (
    isComponent(entity) &&
    Boolean(entity.metadata.annotations?.[IDP_ANNOTATIONS.policyTier])
  );
}

/**
 * Whether a Component gets the Policy tab in a legacy app's `EntitySwitch`:
 * it has the `idp-platform/policy-tier` annotation, or a policy's source is
 * the Component (by `metadata.entityRef`, or by its `idp-platform/service-id`
 * or name).
 *
 * @public
 */
export async function hasServicePolicy(
  entity: Entity,
  context: { apis: ApiHolder },
): Promise<boolean> {
  if (!isComponent(entity)) return false;
  if (isPolicyAvailable(entity)) return true;
  const api = context.apis.get(policyApiRef);
  if (!api) return false;
  const entityRef = stringifyEntityRef(entity);
  const service =
    entity.metadata.annotations?.[IDP_ANNOTATIONS.serviceId] ??
    entity.metadata.name;
  try {
    const policies = await api.listPolicies();
    return policies.some(
      p => p.entityRef === entityRef || p.source === service,
    );
  } catch {
    // A user who may not read policies has no tab to see them in.
    return false;
  }
}
