import { mergeConfigLayers } from './mergeConfigLayers';

describe('mergeConfigLayers', () => {
  it('merges the four layers in order and names the layer of every key', () => {
    const merged = mergeConfigLayers([
      {
        layer: 'global',
        tree: {
          logging: { level: 'info', format: 'json' },
          database: { port: 5432, pool: { max: 10 } },
        },
      },
      {
        layer: 'environment',
        tree: { logging: { level: 'debug' }, region: 'eu-west-1' },
      },
      {
        layer: 'application',
        tree: {
          database: { host: 'db.internal', pool: { max: 20 } },
          features: { checkout: false },
        },
      },
      {
        layer: 'application-environment',
        tree: { features: { checkout: true }, database: { port: 6432 } },
      },
    ]);
    expect(merged.values).toEqual({
      logging: { level: 'debug', format: 'json' },
      database: { port: 6432, pool: { max: 20 }, host: 'db.internal' },
      region: 'eu-west-1',
      features: { checkout: true },
    });
    expect(merged.sources).toEqual({
      '/logging/level': 'environment',
      '/logging/format': 'global',
      '/database/port': 'application-environment',
      '/database/pool/max': 'application',
      '/database/host': 'application',
      '/region': 'environment',
      '/features/checkout': 'application-environment',
    });
  });

  it('replaces arrays and secret references whole, and removes keys set to null', () => {
    const merged = mergeConfigLayers([
      {
        layer: 'global',
        tree: {
          hosts: ['a', 'b'],
          password: { secretRef: { store: 'vault', key: 'old' } },
          tracing: { enabled: true, rate: 0.1 },
        },
      },
      {
        layer: 'application',
        tree: {
          hosts: ['c'],
          password: { secretRef: { store: 'vault', key: 'new' } },
          tracing: null,
        },
      },
    ]);
    expect(merged.values).toEqual({
      hosts: ['c'],
      password: { secretRef: { store: 'vault', key: 'new' } },
    });
    expect(merged.sources).toEqual({
      '/hosts': 'application',
      '/password': 'application',
    });
  });

  it('lets an object replace a scalar and a scalar replace an object', () => {
    const merged = mergeConfigLayers([
      { layer: 'global', tree: { cache: 'off', queue: { size: 1 } } },
      {
        layer: 'application',
        tree: { cache: { ttl: 60 }, queue: 'disabled', empty: {} },
      },
    ]);
    expect(merged.values).toEqual({
      cache: { ttl: 60 },
      queue: 'disabled',
      empty: {},
    });
    expect(merged.sources['/cache/ttl']).toBe('application');
    expect(merged.sources['/cache']).toBeUndefined();
  });

  it('escapes keys containing slashes and tildes in pointers', () => {
    const merged = mergeConfigLayers([
      { layer: 'application', tree: { 'a/b': { 'c~d': 1 } } },
    ]);
    expect(merged.sources).toEqual({ '/a~1b/c~0d': 'application' });
    expect(merged.values).toEqual({ 'a/b': { 'c~d': 1 } });
  });
});
