import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { McpServerRelationProcessor } from './McpServerRelationProcessor';

const location = { type: 'url', target: 'http://registry/servers' };

describe('McpServerRelationProcessor', () => {
  it('links an MCP server API to the component that hosts it in both directions', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await new McpServerRelationProcessor().postProcessEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'com.example--weather' },
        spec: {
          type: 'mcp-server',
          owner: 'team-a',
          lifecycle: 'production',
          definition: '{}',
          hostedBy: 'component:default/weather-service',
        },
      },
      location,
      result => emitted.push(result),
    );
    const api = {
      kind: 'API',
      namespace: 'default',
      name: 'com.example--weather',
    };
    const component = {
      kind: 'component',
      namespace: 'default',
      name: 'weather-service',
    };
    expect(emitted).toEqual([
      {
        type: 'relation',
        relation: { source: api, type: 'apiProvidedBy', target: component },
      },
      {
        type: 'relation',
        relation: { source: component, type: 'providesApi', target: api },
      },
    ]);
  });

  it('leaves other APIs alone', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await new McpServerRelationProcessor().postProcessEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'payments' },
        spec: { type: 'openapi', hostedBy: 'component:default/x' },
      },
      location,
      result => emitted.push(result),
    );
    expect(emitted).toEqual([]);
  });
});
