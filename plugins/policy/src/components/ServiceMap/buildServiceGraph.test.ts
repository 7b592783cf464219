import { shopCatalog } from '../../__testUtils__/shopCatalog';
import { buildServiceGraph } from './buildServiceGraph';

describe('buildServiceGraph', () => {
  it('links components by dependsOn and by the APIs they consume from other components, with tiered resources', () => {
    const graph = buildServiceGraph(shopCatalog());
    expect(graph.nodes.map(n => [n.name, n.tier])).toEqual([
      ['card-network', 'external'],
      ['orders', 'backend'],
      ['payments', 'backend'],
      ['web', 'frontend'],
      ['orders-db', 'database'],
    ]);
    expect(
      graph.edges.map(e => [
        e.source,
        e.target,
        e.reasons.map(r => r.api ?? r.relation),
      ]),
    ).toEqual([
      ['component:default/orders', 'component:default/payments', ['dependsOn']],
      ['component:default/orders', 'resource:default/orders-db', ['dependsOn']],
      [
        'component:default/payments',
        'component:default/card-network',
        ['dependsOn'],
      ],
      [
        'component:default/web',
        'component:default/orders',
        ['api:default/orders-api'],
      ],
    ]);
  });

  it('ignores relations to entities that are not on the map', () => {
    const graph = buildServiceGraph(
      shopCatalog().filter(e => e.metadata.name !== 'orders'),
    );
    expect(graph.edges.map(e => `${e.source} -> ${e.target}`)).toEqual([
      'component:default/payments -> component:default/card-network',
    ]);
  });
});
