import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ForwardedError, InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ApplicationConfiguration,
  ConfigChangeResult,
  applicationConfigurationSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import fs from 'fs/promises';
import yaml from 'js-yaml';
import path from 'path';

const CONFIG_PLUGIN_ID = 'config';

/**
 * Parses YAML the way the config backend does (core schema: no dates, no
 * custom tags). Errors give the line and column, never quote the document:
 * it may hold a pasted secret.
 */
function parseYaml(text: string, label: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const { reason, mark } = error as yaml.YAMLException;
    const where = mark
      ? `line ${mark.line + 1}, column ${mark.column + 1}: `
      : '';
    throw new InputError(`${label}: ${where}${reason ?? 'not valid YAML'}`);
  }
}

async function readConfiguration(
  input: {
    configuration?: Record<string, unknown>;
    configurationPath?: string;
  },
  workspacePath: string,
): Promise<{ document: ApplicationConfiguration; yamlText: string }> {
  let raw: unknown = input.configuration;
  let yamlText: string | undefined;
  if (input.configurationPath) {
    const file = path.resolve(workspacePath, input.configurationPath);
    if (!file.startsWith(path.resolve(workspacePath) + path.sep)) {
      throw new InputError('configurationPath: must stay inside the workspace');
    }
    try {
      yamlText = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `configurationPath: cannot read ${input.configurationPath}: ${
          (error as NodeJS.ErrnoException).code ?? error
        }`,
      );
    }
    raw = parseYaml(yamlText, 'configurationPath');
  }
  if (raw === undefined) {
    throw new InputError(
      'configuration: give the ApplicationConfiguration, or configurationPath',
    );
  }
  const parsed = applicationConfigurationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['configuration', ...issue.path].join('.');
    throw new InputError(`${where}: ${issue.message}`);
  }
  return {
    document: parsed.data,
    // The backend reads the file as written, so its errors point at its lines.
    yamlText: yamlText ?? yaml.dump(raw, { noRefs: true }),
  };
}

/**
 * `idp:config:create`: creates a new application's configuration in the IDP
 * configuration manager from an ApplicationConfiguration document, on behalf
 * of the user running the template. A dry run validates the document without
 * creating anything.
 *
 * @public
 */
export function createConfigCreateAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'idp:config:create',
    description:
      'Creates an application configuration (ApplicationConfiguration YAML) in the IDP configuration manager',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the configuration the template generated',
        example: [
          'steps:',
          '  - id: create-config',
          '    action: idp:config:create',
          '    input:',
          '      configurationPath: config/application-configuration.yaml',
          '      message: Created by the service template',
        ].join('\n'),
      },
      {
        description: 'Create a configuration given inline',
        example: [
          'steps:',
          '  - id: create-config',
          '    action: idp:config:create',
          '    input:',
          '      configuration:',
          '        apiVersion: idp-platform.io/v1alpha1',
          '        kind: ApplicationConfiguration',
          '        metadata:',
          '          name: ${{ parameters.name }}',
          '          application: component:default/${{ parameters.name }}',
          '        spec:',
          '          values:',
          '            logging: { level: info }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        configuration: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('The ApplicationConfiguration document'),
        configurationPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of an ApplicationConfiguration YAML file in the workspace, instead of configuration',
            ),
        message: z =>
          z
            .string()
            .max(500)
            .optional()
            .describe('Message of the first change set'),
      },
      output: {
        name: z => z.string().describe('The configuration name'),
        version: z => z.number().optional().describe('The created version (1)'),
        configUrl: z =>
          z.string().describe('Config API URL of the application'),
      },
    },
    async handler(ctx) {
      const { document, yamlText } = await readConfiguration(
        ctx.input,
        ctx.workspacePath,
      );
      const name = document.metadata.name;
      const baseUrl = await options.discovery.getBaseUrl(CONFIG_PLUGIN_ID);
      ctx.output('name', name);
      ctx.output(
        'configUrl',
        `${baseUrl}/applications/${encodeURIComponent(name)}`,
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${name} is a valid ApplicationConfiguration; not created`,
        );
        return;
      }
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: CONFIG_PLUGIN_ID,
      });
      const response = await fetch(`${baseUrl}/import`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        // Version 0: create only; the backend answers 409 when it exists.
        body: JSON.stringify({
          yaml: yamlText,
          version: 0,
          message: ctx.input.message,
        }),
      });
      if (!response.ok) {
        // Name the backend's reason: the template's log shows only the message.
        const error = await ResponseError.fromResponse(response);
        throw new ForwardedError(
          `The config backend refused ${name}: ${error.cause.message}`,
          error,
        );
      }
      const result = (await response.json()) as ConfigChangeResult;
      if (result.status === 'applied') {
        ctx.output('version', result.changeSet.version);
        ctx.logger.info(
          `Created configuration ${name} at version ${result.changeSet.version}`,
        );
      } else {
        ctx.logger.info(
          `Configuration ${name} waits for approval in change request ${result.changeRequest.id}`,
        );
      }
    },
  });
}
