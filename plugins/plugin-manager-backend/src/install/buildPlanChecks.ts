import {
  CompatibilityReport,
  CompatibilityVerdict,
  InstalledPlugin,
  PlanCheck,
} from '@idp-platform/backstage-plugin-idp-common';
import { StagedPackage } from './DynamicPluginsRoot';
import { validateAgainstConfigSchema } from './validateAgainstConfigSchema';

/** JSON Pointer of every leaf of a config object, with its value. */
export function configLeaves(
  value: unknown,
  at: string = '',
  leaves: Map<string, unknown> = new Map(),
): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      configLeaves(child, `${at}/${key}`, leaves);
    }
  } else {
    leaves.set(at, value);
  }
  return leaves;
}

const PLUGIN_ROLES = ['backend-plugin', 'frontend-plugin'];

const VERDICT_STATUS: Record<CompatibilityVerdict, PlanCheck['status']> = {
  compatible: 'pass',
  'compatible-with-warnings': 'warn',
  incompatible: 'fail',
};

/**
 * The dry-run checks of an install or upgrade: compatibility, peers,
 * supported versions, colliding plugin ids and config keys, the plugin's own
 * config schema and whether the package can be loaded dynamically at all.
 */
export function buildPlanChecks(options: {
  packageName: string;
  staged: StagedPackage;
  compatibility: CompatibilityReport;
  pluginConfig?: Record<string, unknown>;
  /** The other installed, enabled plugins. */
  others: InstalledPlugin[];
}): PlanCheck[] {
  const { staged, compatibility, pluginConfig, others } = options;
  const checks: PlanCheck[] = [];
  const errors = compatibility.reasons.filter(r => r.severity === 'error');
  const warnings = compatibility.reasons.filter(r => r.severity === 'warning');

  checks.push({
    id: 'compatibility',
    status: VERDICT_STATUS[compatibility.verdict],
    message:
      [...errors, ...warnings].map(r => r.message).join('; ') ||
      `Compatible with Backstage ${compatibility.backstageVersion}`,
  });

  const peers = compatibility.reasons.filter(
    r =>
      r.code === 'peer-missing' ||
      r.code === 'backstage-peer-range' ||
      (r.code === 'dependency-conflict' &&
        compatibility.conflicts.some(
          c => c.dependency === r.dependency && c.type === 'peer',
        )),
  );
  checks.push({
    id: 'peer-dependencies',
    status: peers.length ? 'fail' : 'pass',
    message: peers.length
      ? peers.map(p => p.message).join('; ')
      : 'Every peer dependency is satisfied by the app',
  });

  const supported = compatibility.reasons.find(
    r => r.code === 'supported-versions',
  );
  checks.push({
    id: 'supported-versions',
    status: supported?.severity === 'error' ? 'fail' : 'pass',
    message:
      supported?.message ??
      'The package declares no backstage.supported-versions',
  });

  const role: string | undefined = staged.manifest.backstage?.role;
  const pluginId: string | undefined = staged.manifest.backstage?.pluginId;
  const clash =
    role && PLUGIN_ROLES.includes(role) && pluginId
      ? others.find(o => o.role === role && o.pluginId === pluginId)
      : undefined;
  checks.push({
    id: 'plugin-id',
    status: clash ? 'fail' : 'pass',
    message: clash
      ? `Plugin id ${pluginId} is already provided by ${clash.package}`
      : `Plugin id ${pluginId ?? '(none)'} is free`,
  });

  const leaves = configLeaves(pluginConfig ?? {});
  const collisions: string[] = [];
  for (const other of others) {
    const theirs = configLeaves(other.pluginConfig ?? {});
    for (const [key, value] of leaves) {
      if (
        theirs.has(key) &&
        JSON.stringify(theirs.get(key)) !== JSON.stringify(value)
      ) {
        collisions.push(`${key} is set differently by ${other.package}`);
      }
    }
  }
  checks.push({
    id: 'config-keys',
    status: collisions.length ? 'fail' : 'pass',
    message: collisions.length
      ? collisions.join('; ')
      : 'No config key is defined differently by another plugin',
  });

  if (staged.configSchema === undefined) {
    checks.push({
      id: 'config-schema',
      status:
        pluginConfig && Object.keys(pluginConfig).length ? 'warn' : 'pass',
      message: 'The package ships no dist/.config-schema.json',
    });
  } else {
    const problems = validateAgainstConfigSchema(
      pluginConfig ?? {},
      staged.configSchema,
    );
    checks.push({
      id: 'config-schema',
      status: problems.length ? 'fail' : 'pass',
      message: problems.length
        ? `pluginConfig does not match the plugin's config schema: ${problems.join(
            '; ',
          )}`
        : "pluginConfig matches the plugin's config schema",
    });
  }

  const main: string | undefined = staged.manifest.main;
  checks.push({
    id: 'dynamic-package',
    status: main && role ? 'pass' : 'fail',
    message:
      main && role
        ? `Loadable as a dynamic ${role} from ${main}`
        : 'The package needs both main and backstage.role in its package.json to load dynamically',
  });
  return checks;
}
