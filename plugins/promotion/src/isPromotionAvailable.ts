import { Entity } from '@backstage/catalog-model';
import { IDP_ANNOTATIONS } from '@idp-platform/backstage-plugin-idp-common';

/**
 * Whether an entity has a promotion pipeline: a Component annotated with
 * `idp-platform/promotion-pipeline` or `idp-platform/image-repository`.
 *
 * @public
 */
export function isPromotionAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(
      annotations[IDP_ANNOTATIONS.promotionPipeline] ||
        annotations[IDP_ANNOTATIONS.imageRepository],
    )
  );
}
