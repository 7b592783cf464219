import {
  Entity,
  RELATION_API_PROVIDED_BY,
  RELATION_PROVIDES_API,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import { MCP_SERVER_API_TYPE } from './mcpServerToEntity';

/**
 * Links an MCP server's API entity to the component that hosts it
 * (`spec.hostedBy`), with the same relations as a component's `providesApis`.
 *
 * @public
 */
export class McpServerRelationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'McpServerRelationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const hostedBy = entity.spec?.hostedBy;
    if (
      entity.kind !== 'API' ||
      entity.spec?.type !== MCP_SERVER_API_TYPE ||
      typeof hostedBy !== 'string'
    ) {
      return entity;
    }
    const api = getCompoundEntityRef(entity);
    const component = parseEntityRef(hostedBy, {
      defaultKind: 'component',
      defaultNamespace: api.namespace,
    });
    emit(
      processingResult.relation({
        source: api,
        type: RELATION_API_PROVIDED_BY,
        target: component,
      }),
    );
    emit(
      processingResult.relation({
        source: component,
        type: RELATION_PROVIDES_API,
        target: api,
      }),
    );
    return entity;
  }
}
