import { ConfigReader } from '@backstage/config';
import { readMcpRegistryConfig } from './readMcpRegistryConfig';

describe('readMcpRegistryConfig', () => {
  it('applies the documented defaults', () => {
    expect(readMcpRegistryConfig(new ConfigReader({}))).toEqual({
      probeTimeoutMs: 10_000,
      probeFrequency: { milliseconds: 300_000 },
      allowPackageDownload: false,
      historyLimit: 50,
      importSources: [],
      hosting: {
        gatewayImage: 'node:22-alpine',
        rolloutTimeout: { milliseconds: 300_000 },
      },
      demoData: undefined,
    });
  });

  it('reads the hosting settings and names a bad duration', () => {
    expect(
      readMcpRegistryConfig(
        new ConfigReader({
          idp: {
            mcpRegistry: {
              hosting: {
                gatewayImage: 'registry.local/node:22',
                rolloutTimeout: 'PT90S',
              },
            },
          },
        }),
      ).hosting,
    ).toEqual({
      gatewayImage: 'registry.local/node:22',
      rolloutTimeout: { milliseconds: 90_000 },
    });
    expect(() =>
      readMcpRegistryConfig(
        new ConfigReader({
          idp: { mcpRegistry: { hosting: { rolloutTimeout: 'soon' } } },
        }),
      ),
    ).toThrow(
      'idp.mcpRegistry.hosting.rolloutTimeout: soon is not an ISO 8601 duration',
    );
  });

  it('reads ISO 8601 and object durations and import sources', () => {
    const config = readMcpRegistryConfig(
      new ConfigReader({
        idp: {
          mcpRegistry: {
            probe: {
              timeout: 'PT3S',
              frequency: { minutes: 1 },
              historyLimit: 5,
            },
            importSources: [
              {
                url: 'https://registry.example.com/v0.1',
                owner: 'group:default/a',
              },
            ],
          },
        },
      }),
    );
    expect(config).toMatchObject({
      probeTimeoutMs: 3000,
      probeFrequency: { milliseconds: 60_000 },
      historyLimit: 5,
      importSources: [
        { url: 'https://registry.example.com/v0.1', owner: 'group:default/a' },
      ],
    });
  });

  it('refuses a timeout that is not a duration, naming the key', () => {
    expect(() =>
      readMcpRegistryConfig(
        new ConfigReader({
          idp: { mcpRegistry: { probe: { timeout: 'ten seconds' } } },
        }),
      ),
    ).toThrow(
      'idp.mcpRegistry.probe.timeout: ten seconds is not an ISO 8601 duration',
    );
  });
});
