import path from 'node:path';
import { NpmPackument } from '../registry/NpmRegistryClient';
import { checkCompatibility } from './checkCompatibility';
import { InstalledVersions } from './InstalledVersions';

const APP_ROOT = path.resolve(__dirname, '../../../..');
const PACKUMENTS = path.resolve(
  __dirname,
  '../__testUtils__/registry/packuments',
);

function recorded(file: string): NpmPackument {
  return require(path.join(PACKUMENTS, file));
}

describe('checkCompatibility against this app (Backstage 1.55)', () => {
  const installed = InstalledVersions.read({
    appRoot: APP_ROOT,
    releaseManifest: path.join(
      APP_ROOT,
      'scripts/backstage-release-manifest.json',
    ),
  });

  it('reads the release from backstage.json and versions from the app', () => {
    expect(installed.backstageVersion).toBe('1.55.0');
    expect(installed.versionOf('@backstage/backend-plugin-api')).toBe('1.10.1');
    expect(installed.versionOf('react')).toMatch(/^18\./);
  });

  it('finds the current GitHub catalog module compatible', () => {
    const packument = recorded(
      'backstage__plugin-catalog-backend-module-github.json',
    );
    const report = checkCompatibility(
      packument.versions['0.14.0'],
      installed,
      packument,
    );
    expect(report).toEqual({
      package: '@backstage/plugin-catalog-backend-module-github',
      version: '0.14.0',
      backstageVersion: '1.55.0',
      verdict: 'compatible',
      reasons: [],
      conflicts: [],
    });
  });

  it('finds an old GitHub catalog module incompatible and proposes the version that resolves each conflict', () => {
    const packument = recorded(
      'backstage__plugin-catalog-backend-module-github.json',
    );
    const report = checkCompatibility(
      packument.versions['0.6.5'],
      installed,
      packument,
    );
    expect(report.verdict).toBe('incompatible');
    expect(
      report.reasons.filter(r => r.severity === 'error').map(r => r.dependency),
    ).toEqual([
      '@backstage/backend-plugin-api',
      '@backstage/plugin-catalog-node',
      '@backstage/plugin-events-node',
    ]);
    expect(
      report.conflicts.find(
        c => c.dependency === '@backstage/backend-plugin-api',
      ),
    ).toEqual({
      dependency: '@backstage/backend-plugin-api',
      type: 'dependency',
      range: '^0.7.0',
      installed: '1.10.1',
      singleton: true,
      resolution: { version: '0.14.0', range: '^1.10.1' },
      message: expect.stringContaining('must share that instance'),
    });
    expect(report.reasons).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'backstage-dependency-unknown',
        dependency: '@backstage/backend-common',
      }),
    );
  });

  it('warns about a bundled @backstage library one minor behind', () => {
    const packument = recorded('backstage-community__plugin-todo-backend.json');
    const report = checkCompatibility(
      packument.versions['0.25.0'],
      installed,
      packument,
    );
    expect(report.verdict).toBe('compatible-with-warnings');
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        dependency: '@backstage/backend-defaults',
        range: '^0.17.7',
        installed: '0.18.0',
        singleton: false,
        resolution: undefined,
      }),
    ]);
  });

  it('names React conflicts of an old frontend plugin and the version that accepts React 18', () => {
    const packument = recorded(
      'roadiehq__backstage-plugin-github-pull-requests.json',
    );
    const report = checkCompatibility(
      packument.versions['2.1.2'],
      installed,
      packument,
    );
    expect(report.verdict).toBe('incompatible');
    expect(report.reasons[0]).toMatchObject({
      severity: 'warning',
      code: 'frontend-plugin',
    });
    const react = report.conflicts.find(c => c.dependency === 'react');
    expect(react).toMatchObject({
      type: 'peer',
      range: '^16.13.1 || ^17.0.0',
      singleton: true,
      resolution: {
        version: '2.6.0',
        range: '^16.13.1 || ^17.0.0 || ^18.0.0',
      },
    });
    expect(report.conflicts.map(c => c.dependency)).toEqual(
      expect.arrayContaining(['react-dom', '@backstage/plugin-catalog-react']),
    );
  });

  it('refuses a library that is not a plugin', () => {
    const packument = recorded('backstage__catalog-model.json');
    const report = checkCompatibility(
      packument.versions['1.10.1'],
      installed,
      packument,
    );
    expect(report.verdict).toBe('incompatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ code: 'not-a-plugin', severity: 'error' }),
    ]);
  });

  it('checks backstage.supported-versions when the package declares it', () => {
    const packument = recorded('backstage-community__plugin-todo-backend.json');
    const manifest = packument.versions['0.25.0'];
    const old = checkCompatibility(
      {
        ...manifest,
        backstage: { ...manifest.backstage, 'supported-versions': '~1.42.0' },
      },
      installed,
    );
    expect(old.verdict).toBe('incompatible');
    expect(old.reasons).toContainEqual({
      severity: 'error',
      code: 'supported-versions',
      range: '~1.42.0',
      installed: '1.55.0',
      message: 'Supports Backstage ~1.42.0 only, this app runs 1.55.0',
    });
    const current = checkCompatibility(
      {
        ...manifest,
        backstage: { ...manifest.backstage, 'supported-versions': '1.55.x' },
      },
      installed,
    );
    expect(current.verdict).toBe('compatible-with-warnings');
    expect(current.reasons).toContainEqual(
      expect.objectContaining({ severity: 'info', code: 'supported-versions' }),
    );
  });
});
