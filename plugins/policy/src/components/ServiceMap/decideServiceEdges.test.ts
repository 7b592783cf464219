import { validatePolicyYaml } from '../../__testUtils__/InMemoryPolicyApi';
import { shopCatalog } from '../../__testUtils__/shopCatalog';
import {
  ORDERS_POLICY,
  PAYMENTS_POLICY,
} from '../../__testUtils__/shopPolicies';
import { buildServiceGraph } from './buildServiceGraph';
import { decideServiceEdges } from './decideServiceEdges';

const documents = [ORDERS_POLICY, PAYMENTS_POLICY].map(
  text => validatePolicyYaml(text).document!,
);

describe('decideServiceEdges', () => {
  it('marks calls allowed, denied or unknown by the policies', () => {
    const { edges } = decideServiceEdges(
      buildServiceGraph(shopCatalog()),
      documents,
    );
    expect(
      edges.map(e => [
        e.source.split('/')[1],
        e.target.split('/')[1],
        e.status,
        e.explanation,
      ]),
    ).toEqual([
      [
        'orders',
        'payments',
        'allowed',
        'allowed by policy orders on 8080/HTTP',
      ],
      [
        'orders',
        'orders-db',
        'allowed',
        'allowed by policy orders on 5432/TCP',
      ],
      ['payments', 'card-network', 'denied', 'denied by policy payments'],
      ['web', 'orders', 'unknown', 'no policy decides this call'],
    ]);
  });

  it('denies a caller the destination does not admit, and adds services only policies name', () => {
    const catalog = shopCatalog();
    // web now also depends on payments, which admits only orders.
    catalog[0].relations!.push({
      type: 'dependsOn',
      targetRef: 'component:default/payments',
    });
    const analytics = validatePolicyYaml(
      ORDERS_POLICY.replace('name: orders\n', 'name: analytics\n').replace(
        'service: orders\n',
        'service: analytics\n',
      ),
    ).document!;
    const { nodes, edges } = decideServiceEdges(buildServiceGraph(catalog), [
      ...documents,
      analytics,
    ]);
    expect(
      edges.find(
        e =>
          e.source === 'component:default/web' &&
          e.target === 'component:default/payments',
      ),
    ).toMatchObject({
      status: 'denied',
      explanation: 'payments admits only the callers its policies allow',
    });
    expect(nodes.find(n => n.ref === 'service:analytics')).toEqual({
      ref: 'service:analytics',
      name: 'analytics',
      serviceId: 'analytics',
      tier: 'backend',
    });
    expect(edges.find(e => e.source === 'service:analytics')?.reasons).toEqual(
      [],
    );
  });
});
