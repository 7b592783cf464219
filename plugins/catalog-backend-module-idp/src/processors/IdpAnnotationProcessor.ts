import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  IDP_ANNOTATIONS,
  parseComplianceAnnotation,
  validateIdpAnnotations,
} from '@idp-platform/backstage-plugin-idp-common';

/** Tag added for each declared compliance regime, e.g. `compliance-pci-dss`. @public */
export const COMPLIANCE_TAG_PREFIX = 'compliance-';

/**
 * Validates the `idp-platform/*` annotations of every entity. A bad value
 * becomes an entity processing error that names the annotation; it never
 * throws. Valid compliance annotations add `compliance-<regime>` tags so the
 * catalog can be filtered by them.
 *
 * @public
 */
export class IdpAnnotationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'IdpAnnotationProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const problems = validateIdpAnnotations(entity.metadata.annotations);
    if (problems.length > 0) {
      const ref = stringifyEntityRef(entity);
      for (const problem of problems) {
        emit(
          processingResult.inputError(
            location,
            `${ref}: annotation ${problem.annotation}="${problem.value}" ${problem.message}`,
          ),
        );
      }
      return entity;
    }
    const regimes = parseComplianceAnnotation(
      entity.metadata.annotations?.[IDP_ANNOTATIONS.compliance],
    );
    if (regimes.length === 0) return entity;
    const tags = new Set(entity.metadata.tags ?? []);
    for (const regime of regimes) tags.add(`${COMPLIANCE_TAG_PREFIX}${regime}`);
    return { ...entity, metadata: { ...entity.metadata, tags: [...tags] } };
  }
}
