import plugin from './alpha';

describe('plugin-manager plugin for the new frontend system', () => {
  it('provides the API and the Plugins page under stable ids', () => {
    expect(plugin.id).toBe('plugin-manager');
    for (const id of ['api:plugin-manager', 'page:plugin-manager'] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });
});
