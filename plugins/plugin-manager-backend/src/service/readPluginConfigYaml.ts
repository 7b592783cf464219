import { InputError } from '@backstage/errors';
import { PluginInstallRequest } from '@idp-platform/backstage-plugin-idp-common';
import yaml from 'js-yaml';

/**
 * Turns `pluginConfigYaml` into `pluginConfig`, so the rest of the backend
 * sees one shape; a 400 names the field when the text is not a YAML mapping.
 */
export function readPluginConfigYaml(
  request: PluginInstallRequest,
): Omit<PluginInstallRequest, 'pluginConfigYaml'> {
  const { pluginConfigYaml, ...rest } = request;
  if (pluginConfigYaml === undefined) return rest;
  if (rest.pluginConfig !== undefined) {
    throw new InputError(
      'Invalid request: pluginConfigYaml: give either pluginConfig or pluginConfigYaml, not both',
    );
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(pluginConfigYaml);
  } catch (error) {
    throw new InputError(
      `Invalid request: pluginConfigYaml: ${(error as Error).message}`,
    );
  }
  if (parsed === undefined || parsed === null) return rest;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(
      'Invalid request: pluginConfigYaml: must be a YAML mapping such as "catalog: {...}"',
    );
  }
  return { ...rest, pluginConfig: parsed as Record<string, unknown> };
}
