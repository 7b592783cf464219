import { InputError } from '@backstage/errors';
import {
  APPLICATION_CONFIGURATION_API_VERSION,
  APPLICATION_CONFIGURATION_KIND,
  ApplicationConfiguration,
  applicationConfigurationSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { parseRequestBody } from '@idp-platform/backstage-plugin-idp-node';
import yaml from 'js-yaml';

/**
 * Reads an ApplicationConfiguration YAML document. Errors name the line or
 * the field, never quote the document: it may hold a pasted secret.
 */
export function parseApplicationConfigurationYaml(
  text: string,
): ApplicationConfiguration {
  let document: unknown;
  try {
    document = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const { reason, mark } = error as yaml.YAMLException;
    const where = mark
      ? `line ${mark.line + 1}, column ${mark.column + 1}`
      : '';
    throw new InputError(
      `yaml: ${where}${where ? ': ' : ''}${reason ?? 'not valid YAML'}`,
    );
  }
  return parseRequestBody(applicationConfigurationSchema, document);
}

/** Writes an ApplicationConfiguration as YAML, in the order people read it. */
export function toApplicationConfigurationYaml(
  configuration: Omit<ApplicationConfiguration, 'apiVersion' | 'kind'>,
): string {
  const { spec, metadata } = configuration;
  const ordered = {
    apiVersion: APPLICATION_CONFIGURATION_API_VERSION,
    kind: APPLICATION_CONFIGURATION_KIND,
    metadata: {
      name: metadata.name,
      application: metadata.application,
      ...(metadata.description && { description: metadata.description }),
    },
    spec: {
      ...(spec.delivery && { delivery: spec.delivery }),
      values: spec.values,
      environments: spec.environments,
      ...(Object.keys(spec.flags).length > 0 && { flags: spec.flags }),
      ...(spec.schema && { schema: spec.schema }),
    },
  };
  return yaml.dump(ordered, { noRefs: true, lineWidth: 100 });
}
