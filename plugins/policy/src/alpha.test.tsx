import plugin from './alpha';

describe('policy plugin for the new frontend system', () => {
  it('provides the API, the Policies page and the entity tab', () => {
    expect(plugin.id).toBe('policy');
    expect(plugin.getExtension('api:policy')).toBeDefined();
    expect(plugin.getExtension('page:policy')).toBeDefined();
    expect(plugin.getExtension('entity-content:policy/policy')).toBeDefined();
  });
});
