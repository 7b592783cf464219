import promotionPlugin from './alpha';

describe('promotion plugin for the new frontend system', () => {
  it('provides the API, the Promotions page and the entity tab under stable ids', () => {
    expect(promotionPlugin.id).toBe('promotion');
    for (const id of [
      'api:promotion',
      'page:promotion',
      'entity-content:promotion',
    ] as const) {
      expect(promotionPlugin.getExtension(id)).toBeDefined();
    }
  });
});
