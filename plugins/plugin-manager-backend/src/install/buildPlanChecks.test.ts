import path from 'node:path';
import fs from 'node:fs';
import {
  CompatibilityReport,
  InstalledPlugin,
} from '@idp-platform/backstage-plugin-idp-common';
import { buildPlanChecks } from './buildPlanChecks';
import { StagedPackage } from './DynamicPluginsRoot';

const FIXTURE = path.resolve(__dirname, '../__testUtils__/fixturePlugin/1.1.0');

const staged: StagedPackage = {
  path: FIXTURE,
  manifest: JSON.parse(
    fs.readFileSync(path.join(FIXTURE, 'package.fixture.json'), 'utf8'),
  ),
  configSchema: JSON.parse(
    fs.readFileSync(path.join(FIXTURE, 'dist/.config-schema.json'), 'utf8'),
  ),
};

const compatible: CompatibilityReport = {
  package: staged.manifest.name,
  version: staged.manifest.version,
  backstageVersion: '1.55.0',
  verdict: 'compatible',
  reasons: [],
  conflicts: [],
};

function other(overrides: Partial<InstalledPlugin>): InstalledPlugin {
  return {
    package: '@acme/backstage-plugin-other-backend',
    version: '1.0.0',
    folder: 'acme-backstage-plugin-other-backend',
    disabled: false,
    integrity: 'sha512-x',
    role: 'backend-plugin',
    pluginId: 'other',
    installedAt: '2026-11-25T10:00:00.000Z',
    installedBy: 'user:default/dana',
    previousVersions: [],
    ...overrides,
  };
}

const statusOf = (checks: ReturnType<typeof buildPlanChecks>, id: string) =>
  checks.find(c => c.id === id);

describe('buildPlanChecks', () => {
  it('fails when another installed plugin already provides the plugin id', () => {
    const checks = buildPlanChecks({
      packageName: staged.manifest.name,
      staged,
      compatibility: compatible,
      others: [other({ pluginId: 'hello-fixture' })],
    });
    expect(statusOf(checks, 'plugin-id')).toEqual({
      id: 'plugin-id',
      status: 'fail',
      message:
        'Plugin id hello-fixture is already provided by @acme/backstage-plugin-other-backend',
    });
  });

  it('accepts a module that shares its plugin id with the plugin it extends', () => {
    const checks = buildPlanChecks({
      packageName: staged.manifest.name,
      staged,
      compatibility: compatible,
      others: [
        other({ pluginId: 'hello-fixture', role: 'backend-plugin-module' }),
      ],
    });
    expect(statusOf(checks, 'plugin-id')?.status).toBe('pass');
  });

  it('fails when another plugin sets a config key to a different value, and accepts the same value', () => {
    const others = [
      other({
        pluginConfig: { hello: { greeting: 'hi' }, shared: { mode: 'a' } },
      }),
    ];
    const clash = buildPlanChecks({
      packageName: staged.manifest.name,
      staged,
      compatibility: compatible,
      pluginConfig: { hello: { greeting: 'bonjour' }, shared: { mode: 'a' } },
      others,
    });
    expect(statusOf(clash, 'config-keys')).toEqual({
      id: 'config-keys',
      status: 'fail',
      message:
        '/hello/greeting is set differently by @acme/backstage-plugin-other-backend',
    });
    const same = buildPlanChecks({
      packageName: staged.manifest.name,
      staged,
      compatibility: compatible,
      pluginConfig: { shared: { mode: 'a' } },
      others,
    });
    expect(statusOf(same, 'config-keys')?.status).toBe('pass');
  });

  it('turns an incompatible verdict and an unmet peer into failed checks', () => {
    const checks = buildPlanChecks({
      packageName: staged.manifest.name,
      staged,
      compatibility: {
        ...compatible,
        verdict: 'incompatible',
        reasons: [
          {
            severity: 'error',
            code: 'backstage-peer-range',
            dependency: '@backstage/core-plugin-api',
            range: '^0.8.0',
            installed: '1.12.3',
            message:
              'Peer @backstage/core-plugin-api@^0.8.0 does not accept the installed 1.12.3',
          },
        ],
      },
      others: [],
    });
    expect(checks.filter(c => c.status === 'fail').map(c => c.id)).toEqual([
      'compatibility',
      'peer-dependencies',
    ]);
  });
});
