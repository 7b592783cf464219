import { Entity } from '@backstage/catalog-model';

const component = (
  name: string,
  tier: string | undefined,
  relations: { type: string; targetRef: string }[],
  kind: 'Component' | 'Resource' = 'Component',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: tier ? { 'idp-platform/policy-tier': tier } : {},
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/shop',
  },
  relations,
});

/**
 * A small shop as the catalog serves it, relations included: the web
 * frontend consumes the orders API, orders depends on payments, the orders
 * database (a Resource with a tier) and a bucket (a Resource without one),
 * payments depends on the card network outside.
 */
export function shopCatalog(): Entity[] {
  return [
    component('web', 'frontend', [
      { type: 'consumesApi', targetRef: 'api:default/orders-api' },
    ]),
    component('orders', 'backend', [
      { type: 'providesApi', targetRef: 'api:default/orders-api' },
      { type: 'dependsOn', targetRef: 'component:default/payments' },
      { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
      { type: 'dependsOn', targetRef: 'resource:default/receipts-bucket' },
    ]),
    component('payments', 'backend', [
      { type: 'dependsOn', targetRef: 'component:default/card-network' },
    ]),
    component('orders-db', 'database', [], 'Resource'),
    // No tier: not on the map.
    component('receipts-bucket', undefined, [], 'Resource'),
    component('card-network', 'external', []),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'orders-api', namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'shop' },
      relations: [
        { type: 'apiProvidedBy', targetRef: 'component:default/orders' },
      ],
    },
  ];
}
