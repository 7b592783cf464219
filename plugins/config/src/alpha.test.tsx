import plugin from './alpha';

describe('config plugin for the new frontend system', () => {
  it('provides the API, the Configuration page and the entity tab', () => {
    expect(plugin.id).toBe('config');
    expect(plugin.getExtension('api:config')).toBeDefined();
    expect(plugin.getExtension('page:config')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:config/configuration'),
    ).toBeDefined();
  });
});
