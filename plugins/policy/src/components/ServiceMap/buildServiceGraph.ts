import {
  Entity,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { IDP_ANNOTATIONS } from '@idp-platform/backstage-plugin-idp-common';

/** A Component, or a Resource with a policy tier, on the service map. */
export interface ServiceNode {
  /** Entity ref, for example `component:default/payments-api`. */
  ref: string;
  name: string;
  /** Service id used by policies: `idp-platform/service-id`, else the entity name. */
  serviceId: string;
  /** The `idp-platform/policy-tier` annotation, when set. */
  tier?: string;
}

/** A call from one Component to another that the catalog knows about. */
export interface ServiceEdge {
  source: string;
  target: string;
  /** Why the catalog links them: `dependsOn`, or `consumesApi` with the API's ref. */
  reasons: { relation: 'dependsOn' | 'consumesApi'; api?: string }[];
}

/** Components and the calls between them, from catalog relations. */
export interface ServiceGraph {
  nodes: ServiceNode[];
  edges: ServiceEdge[];
}

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');

/** Components, and Resources that name a tier (databases, external systems). */
const isOnMap = (entity: Entity) =>
  kindOf(entity) === 'component' ||
  (kindOf(entity) === 'resource' &&
    Boolean(entity.metadata.annotations?.[IDP_ANNOTATIONS.policyTier]));

/**
 * The service map's graph: a node per Component and per Resource with a
 * policy tier, and an edge wherever a Component depends on another node or
 * consumes an API another Component provides.
 */
export function buildServiceGraph(entities: Entity[]): ServiceGraph {
  const members = entities.filter(isOnMap);
  const components = members.filter(e => kindOf(e) === 'component');
  const nodes: ServiceNode[] = members
    .map(entity => {
      const annotations = entity.metadata.annotations ?? {};
      return {
        ref: stringifyEntityRef(entity),
        name: entity.metadata.name,
        serviceId:
          annotations[IDP_ANNOTATIONS.serviceId] ?? entity.metadata.name,
        tier: annotations[IDP_ANNOTATIONS.policyTier],
      };
    })
    .sort((a, b) => a.ref.localeCompare(b.ref));
  const known = new Set(nodes.map(n => n.ref));

  const providers = new Map<string, string[]>();
  for (const entity of components) {
    for (const relation of entity.relations ?? []) {
      if (relation.type !== RELATION_PROVIDES_API) continue;
      const list = providers.get(relation.targetRef) ?? [];
      list.push(stringifyEntityRef(entity));
      providers.set(relation.targetRef, list);
    }
  }

  const edges = new Map<string, ServiceEdge>();
  const link = (
    source: string,
    target: string,
    reason: ServiceEdge['reasons'][number],
  ) => {
    if (source === target || !known.has(target)) return;
    const key = `${source} ${target}`;
    const edge = edges.get(key) ?? { source, target, reasons: [] };
    edge.reasons.push(reason);
    edges.set(key, edge);
  };
  for (const entity of components) {
    const source = stringifyEntityRef(entity);
    for (const relation of entity.relations ?? []) {
      if (relation.type === RELATION_DEPENDS_ON) {
        link(source, relation.targetRef, { relation: 'dependsOn' });
      } else if (relation.type === RELATION_CONSUMES_API) {
        for (const provider of providers.get(relation.targetRef) ?? []) {
          link(source, provider, {
            relation: 'consumesApi',
            api: relation.targetRef,
          });
        }
      }
    }
  }
  return {
    nodes,
    edges: [...edges.values()].sort(
      (a, b) =>
        a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
    ),
  };
}
