import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ForwardedError, InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PolicyImportResult,
  PolicyProblem,
  PolicyValidationResult,
  PolicyView,
  serviceCommunicationPolicySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import fs from 'fs/promises';
import yaml from 'js-yaml';
import path from 'path';

const POLICY_PLUGIN_ID = 'policy';

async function readWorkspaceFile(
  workspacePath: string,
  relative: string,
  label: string,
): Promise<string> {
  const file = path.resolve(workspacePath, relative);
  if (!file.startsWith(path.resolve(workspacePath) + path.sep)) {
    throw new InputError(`${label}: must stay inside the workspace`);
  }
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${label}: cannot read ${relative}: ${
        (error as NodeJS.ErrnoException).code ?? error
      }`,
    );
  }
}

async function readPolicy(
  input: { policy?: Record<string, unknown>; policyPath?: string },
  workspacePath: string,
): Promise<{ name: string; yamlText: string }> {
  let raw: unknown = input.policy;
  let yamlText: string | undefined;
  if (input.policyPath) {
    yamlText = await readWorkspaceFile(
      workspacePath,
      input.policyPath,
      'policyPath',
    );
    try {
      raw = yaml.load(yamlText, { schema: yaml.CORE_SCHEMA });
    } catch (error) {
      const { reason, mark } = error as yaml.YAMLException;
      const where = mark
        ? `line ${mark.line + 1}, column ${mark.column + 1}: `
        : '';
      throw new InputError(`policyPath: ${where}${reason ?? 'not valid YAML'}`);
    }
  }
  if (raw === undefined) {
    throw new InputError(
      'policy: give the ServiceCommunicationPolicy, policyPath or webApplicationPath',
    );
  }
  const parsed = serviceCommunicationPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${['policy', ...issue.path].join('.')}: ${issue.message}`,
    );
  }
  return {
    name: parsed.data.metadata.name,
    // The backend reads the file as written, so its problems point at its lines.
    yamlText: yamlText ?? yaml.dump(raw, { noRefs: true }),
  };
}

function describeErrors(problems: PolicyProblem[]): string | undefined {
  const errors = problems.filter(p => p.severity === 'error');
  return errors.length
    ? errors.map(p => `line ${p.line}: ${p.message}`).join('; ')
    : undefined;
}

/**
 * `idp:policy:create`: creates a service communication policy in the IDP
 * policy builder, on behalf of the user running the template, from a policy
 * document or from a WebApplication's `spec.communication`. A dry run asks
 * the backend to validate it (catalog services, contradictions) and creates
 * nothing.
 *
 * @public
 */
export function createPolicyCreateAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'idp:policy:create',
    description:
      'Creates a service communication policy (ServiceCommunicationPolicy YAML) in the IDP policy builder',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the policy the template generated',
        example: [
          'steps:',
          '  - id: create-policy',
          '    action: idp:policy:create',
          '    input:',
          '      policyPath: policy/communication.yaml',
          '      message: Created by the service template',
        ].join('\n'),
      },
      {
        description: 'Create the policy from a WebApplication',
        example: [
          'steps:',
          '  - id: create-policy',
          '    action: idp:policy:create',
          '    input:',
          '      webApplicationPath: webapplication.yaml',
          '      entityRef: component:default/${{ parameters.name }}',
        ].join('\n'),
      },
      {
        description: 'Create a policy given inline',
        example: [
          'steps:',
          '  - id: create-policy',
          '    action: idp:policy:create',
          '    input:',
          '      policy:',
          '        apiVersion: idp-platform.io/v1alpha1',
          '        kind: ServiceCommunicationPolicy',
          '        metadata:',
          '          name: ${{ parameters.name }}',
          '          entityRef: component:default/${{ parameters.name }}',
          '        spec:',
          '          source: { service: ${{ parameters.name }} }',
          '          destinations:',
          '            - service: payments-api',
          '              ports: [{ port: 8080, protocol: HTTP }]',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        policy: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('The ServiceCommunicationPolicy document'),
        policyPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of a ServiceCommunicationPolicy YAML file in the workspace, instead of policy',
            ),
        webApplicationPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of a WebApplication YAML file in the workspace: its spec.communication becomes the policy',
            ),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'With webApplicationPath: the entity that owns the policy (default: the backstage.io/source-entity annotation)',
            ),
        message: z =>
          z
            .string()
            .max(500)
            .optional()
            .describe('Message of the first version'),
      },
      output: {
        name: z => z.string().describe('The policy name'),
        version: z => z.number().optional().describe('The created version (1)'),
        policyUrl: z => z.string().describe('Policy API URL of the policy'),
      },
    },
    async handler(ctx) {
      const baseUrl = await options.discovery.getBaseUrl(POLICY_PLUGIN_ID);
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: POLICY_PLUGIN_ID,
      });
      const post = async (route: string, body: object, subject: string) => {
        const response = await fetch(`${baseUrl}${route}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        if (!response.ok) {
          // Name the backend's reason: the template's log shows only the message.
          const error = await ResponseError.fromResponse(response);
          throw new ForwardedError(
            `The policy backend refused ${subject}: ${error.cause.message}`,
            error,
          );
        }
        return response.json();
      };

      let name: string;
      let yamlText: string;
      if (ctx.input.webApplicationPath) {
        const imported = (await post(
          '/import/web-application',
          {
            yaml: await readWorkspaceFile(
              ctx.workspacePath,
              ctx.input.webApplicationPath,
              'webApplicationPath',
            ),
            entityRef: ctx.input.entityRef,
          },
          ctx.input.webApplicationPath,
        )) as PolicyImportResult;
        name = imported.document.metadata.name;
        const errors = describeErrors(imported.problems);
        if (errors) {
          throw new InputError(
            `The policy converted from ${ctx.input.webApplicationPath} is not valid: ${errors}`,
          );
        }
        yamlText = imported.yaml;
      } else {
        ({ name, yamlText } = await readPolicy(ctx.input, ctx.workspacePath));
      }
      ctx.output('name', name);
      ctx.output(
        'policyUrl',
        `${baseUrl}/policies/${encodeURIComponent(name)}`,
      );
      if (ctx.isDryRun) {
        const result = (await post(
          '/validate',
          { yaml: yamlText },
          name,
        )) as PolicyValidationResult;
        const errors = describeErrors(result.problems);
        if (errors) {
          throw new InputError(`Policy ${name} is not valid: ${errors}`);
        }
        ctx.logger.info(`Dry run: ${name} is a valid policy; not created`);
        return;
      }
      const view = (await post(
        '/policies',
        { yaml: yamlText, message: ctx.input.message },
        name,
      )) as PolicyView;
      ctx.output('version', view.version);
      ctx.logger.info(`Created policy ${name} at version ${view.version}`);
    },
  });
}
