import { Entity } from '@backstage/catalog-model';
import { IDP_ANNOTATIONS } from '@idp-platform/backstage-plugin-idp-common';

/**
 * Whether an entity names a configuration with `idp-platform/config-name`,
 * and so gets the Configuration tab.
 *
 * @public
 */
export function isConfigurationAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[IDP_ANNOTATIONS.configName]);
}
