import { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import plugin from './alpha';

const entityOfKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'payments-api' },
});

describe('security frontend plugin', () => {
  it('provides the API, the /security page and the entity tab under stable ids', () => {
    expect(plugin.id).toBe('security');
    expect(plugin.getExtension('api:security')).toBeDefined();
    expect(plugin.getExtension('page:security')).toBeDefined();
    expect(plugin.getExtension('entity-content:security')).toBeDefined();
  });

  it('shows the Security tab on Components only', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:security'),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Security');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(entityOfKind('Component'))).toBe(true);
    expect(filter?.(entityOfKind('API'))).toBe(false);
  });
});
