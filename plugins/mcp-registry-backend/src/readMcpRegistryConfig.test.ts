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
    });
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
