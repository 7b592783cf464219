import {
  CompatibilityReason,
  CompatibilityReport,
  CompatibilityVerdict,
  DependencyConflict,
} from '@idp-platform/backstage-plugin-idp-common';
import semver from 'semver';
import {
  NpmPackument,
  NpmVersionManifest,
} from '../registry/NpmRegistryClient';
import { kindOfRole } from '../discovery/summarizePackument';
import { InstalledVersions } from './InstalledVersions';

/** Packages that must exist once per app: a second copy breaks contexts, themes or service refs. */
const SINGLETONS = new Set([
  'react',
  'react-dom',
  'react-router',
  'react-router-dom',
  '@material-ui/core',
  '@material-ui/styles',
  '@mui/material',
  '@mui/styles',
  '@emotion/react',
  '@emotion/styled',
  '@backstage/backend-plugin-api',
  '@backstage/core-plugin-api',
  '@backstage/core-app-api',
  '@backstage/frontend-plugin-api',
  '@backstage/theme',
  '@backstage/version-bridge',
]);

/** Whether a package must be shared with the host rather than bundled. */
export function isSingleton(name: string): boolean {
  // Extension points (-node) and API refs (-react) only work as the host's instance.
  return (
    SINGLETONS.has(name) || /^@backstage\/plugin-.+-(node|react)$/.test(name)
  );
}

function satisfies(version: string, range: string): boolean {
  try {
    return semver.satisfies(version, range, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** The newest stable version of the candidate whose range for `dependency` accepts `installed`. */
function resolutionFor(
  packument: NpmPackument | undefined,
  dependency: string,
  type: 'dependency' | 'peer',
  installed: string,
): DependencyConflict['resolution'] {
  if (!packument) return undefined;
  const versions = Object.keys(packument.versions)
    .filter(v => semver.valid(v) && !semver.prerelease(v))
    .filter(v => !packument.versions[v].deprecated)
    .sort(semver.rcompare);
  for (const version of versions) {
    const manifest = packument.versions[version];
    const ranges =
      type === 'peer' ? manifest.peerDependencies : manifest.dependencies;
    const range = ranges?.[dependency];
    if (range && satisfies(installed, range)) return { version, range };
  }
  return undefined;
}

function conflictCode(isBackstage: boolean, type: 'dependency' | 'peer') {
  if (!isBackstage) return 'dependency-conflict';
  return type === 'peer' ? 'backstage-peer-range' : 'backstage-range';
}

/**
 * Compares a candidate version's package.json with this app: its role, its
 * `backstage.supported-versions`, and every range on @backstage/* and shared
 * singleton packages against the installed versions.
 */
export function checkCompatibility(
  manifest: NpmVersionManifest,
  installed: InstalledVersions,
  packument?: NpmPackument,
): CompatibilityReport {
  const reasons: CompatibilityReason[] = [];
  const conflicts: DependencyConflict[] = [];
  const role = manifest.backstage?.role;
  const kind = kindOfRole(role);

  if (!role) {
    reasons.push({
      severity: 'error',
      code: 'not-a-plugin',
      message: `${manifest.name} has no backstage.role in its package.json`,
    });
  } else if (kind === 'library' || kind === 'other') {
    reasons.push({
      severity: 'error',
      code: 'not-a-plugin',
      message: `${manifest.name} is a ${role}, not a plugin or module`,
    });
  } else if (kind === 'frontend') {
    reasons.push({
      severity: 'warning',
      code: 'frontend-plugin',
      message: `${manifest.name} is a ${role}: it loads only in a frontend that reads dynamic plugin remotes`,
    });
  }

  const supported = manifest.backstage?.['supported-versions'];
  if (supported) {
    const ok = satisfies(installed.backstageVersion, supported);
    reasons.push({
      severity: ok ? 'info' : 'error',
      code: 'supported-versions',
      range: supported,
      installed: installed.backstageVersion,
      message: ok
        ? `Supports Backstage ${supported}, this app runs ${installed.backstageVersion}`
        : `Supports Backstage ${supported} only, this app runs ${installed.backstageVersion}`,
    });
  }

  const ranges: [string, string, 'dependency' | 'peer', boolean][] = [
    ...Object.entries(manifest.dependencies ?? {}).map(
      ([name, range]) => [name, range, 'dependency', false] as const,
    ),
    ...Object.entries(manifest.peerDependencies ?? {}).map(
      ([name, range]) =>
        [
          name,
          range,
          'peer',
          Boolean(manifest.peerDependenciesMeta?.[name]?.optional),
        ] as const,
    ),
  ].map(entry => [...entry]);
  let backstageDependencies = 0;

  for (const [dependency, range, type, optional] of ranges) {
    const isBackstage = dependency.startsWith('@backstage/');
    const singleton = isSingleton(dependency);
    if (!isBackstage && !singleton) continue;
    if (isBackstage) backstageDependencies++;
    const version = installed.versionOf(dependency);
    if (!version) {
      if (type === 'peer' && !optional) {
        reasons.push({
          severity: 'error',
          code: 'peer-missing',
          dependency,
          range,
          message: `Needs ${dependency}@${range} from the app, which does not have it`,
        });
      } else if (isBackstage) {
        reasons.push({
          severity: 'warning',
          code: 'backstage-dependency-unknown',
          dependency,
          range,
          message: `${dependency} is not part of Backstage ${installed.backstageVersion} nor installed; the plugin must bundle it`,
        });
      }
      continue;
    }
    if (satisfies(version, range)) continue;
    const severity = type === 'peer' || singleton ? 'error' : 'warning';
    const message =
      type === 'peer'
        ? `Peer ${dependency}@${range} does not accept the installed ${version}`
        : `Depends on ${dependency}@${range}; the app has ${version}${
            singleton
              ? ' and the plugin must share that instance'
              : ', the plugin needs its own copy'
          }`;
    conflicts.push({
      dependency,
      type,
      range,
      installed: version,
      singleton,
      resolution: resolutionFor(packument, dependency, type, version),
      message,
    });
    reasons.push({
      severity,
      code: conflictCode(isBackstage, type),
      dependency,
      range,
      installed: version,
      message,
    });
  }

  if (
    role &&
    (kind === 'frontend' || kind === 'backend') &&
    !backstageDependencies
  ) {
    reasons.push({
      severity: 'warning',
      code: 'backstage-dependency-unknown',
      message: `${manifest.name} declares no @backstage/* dependency to check`,
    });
  }

  let verdict: CompatibilityVerdict = 'compatible';
  if (reasons.some(r => r.severity === 'error')) verdict = 'incompatible';
  else if (reasons.some(r => r.severity === 'warning')) {
    verdict = 'compatible-with-warnings';
  }
  return {
    package: manifest.name,
    version: manifest.version,
    backstageVersion: installed.backstageVersion,
    verdict,
    reasons,
    conflicts,
  };
}
