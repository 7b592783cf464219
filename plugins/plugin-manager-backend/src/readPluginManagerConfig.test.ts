import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import yaml from 'js-yaml';
import { readPluginManagerConfig } from './readPluginManagerConfig';

const APP_ROOT = path.resolve(__dirname, '../../..');

describe('readPluginManagerConfig', () => {
  it("reads this repository's app-config.yaml", () => {
    const data = yaml.load(
      fs.readFileSync(path.join(APP_ROOT, 'app-config.yaml'), 'utf8'),
    ) as any;
    const config = readPluginManagerConfig(new ConfigReader(data));
    expect(config.appRoot).toBe(APP_ROOT);
    expect(config.rootDirectory).toBe(
      path.resolve(APP_ROOT, data.dynamicPlugins.rootDirectory),
    );
    expect(config.registries[0]).toMatchObject({
      name: 'default',
      default: true,
    });
    expect(config.packages).toEqual(data.idp.pluginManager.discovery.packages);
    expect(config.cacheTtl).toEqual({ milliseconds: 6 * 60 * 60 * 1000 });
  });

  it('reads private registries with their scopes and refuses a duplicate name', () => {
    const config = readPluginManagerConfig(
      new ConfigReader({
        idp: {
          pluginManager: {
            defaultRegistry: { url: 'https://npm.example/' },
            registries: [
              {
                name: 'acme',
                url: 'https://npm.acme.example',
                scopes: ['acme'],
              },
            ],
            deployment: { environment: 'production', name: 'backstage' },
          },
        },
      }),
    );
    expect(config.registries).toEqual([
      {
        name: 'default',
        url: 'https://npm.example',
        scopes: [],
        default: true,
      },
      {
        name: 'acme',
        url: 'https://npm.acme.example',
        scopes: ['@acme'],
        default: false,
      },
    ]);
    expect(config.deployment).toMatchObject({
      environment: 'production',
      name: 'backstage',
      readinessTimeout: { minutes: 5 },
    });
    expect(() =>
      readPluginManagerConfig(
        new ConfigReader({
          idp: {
            pluginManager: {
              registries: [{ name: 'default', url: 'https://x.example' }],
            },
          },
        }),
      ),
    ).toThrow(/duplicate name default/);
  });
});
