import {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Artifact,
  ArtifactRegistration,
  Environment,
  PipelineView,
  artifactRegistrationSchema,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';

const PROMOTION_PLUGIN_ID = 'promotion';

/** The promotion backend's name of the pipeline that has every environment. */
const STANDARD_PIPELINE = 'standard';

/** Inputs that make a call register an artifact rather than the pipeline. */
const ARTIFACT_FIELDS = ['imageRepository', 'tag', 'digest', 'commit'] as const;

/** Inputs that only mean something with an artifact. */
const ARTIFACT_ONLY_FIELDS = [
  'committers',
  'provenance',
  'signatureBundle',
] as const;

/** How long a real run waits for the catalog to know a just-registered component. */
const DEFAULT_CATALOG_WAIT = { timeoutMs: 120_000, intervalMs: 2_000 };

function parseRegistration(input: unknown): ArtifactRegistration {
  const parsed = artifactRegistrationSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** A pipeline stage as the action reports it. */
interface StageSummary {
  environment: string;
  protected: boolean;
  requiredApprovals: number;
}

function describeStages(stages: StageSummary[]): string {
  return stages
    .map(stage =>
      stage.protected
        ? `${stage.environment} (protected, ${
            stage.requiredApprovals
          } approval${stage.requiredApprovals === 1 ? '' : 's'})`
        : stage.environment,
    )
    .join(' → ');
}

/**
 * The stages of a pipeline as the promotion backend configures them
 * (`idp.promotion.pipelines`, `defaultPipeline`, and `standard` with every
 * environment unless configured), for a dry run, which cannot ask the backend
 * about a component the catalog does not hold yet.
 */
function readPipelineStages(
  config: RootConfigService,
  requested: string | undefined,
): { name: string; stages: StageSummary[] } {
  const environments = readEnvironments(config);
  const promotion = config.getOptionalConfig('idp.promotion');
  const name =
    requested ??
    promotion?.getOptionalString('defaultPipeline') ??
    STANDARD_PIPELINE;
  const definitions = (
    promotion?.getOptionalConfigArray('pipelines') ?? []
  ).map(pipeline => ({
    name: pipeline.getString('name'),
    environments: pipeline
      .getConfigArray('stages')
      .map(stage => stage.getString('environment')),
  }));
  if (!definitions.some(pipeline => pipeline.name === STANDARD_PIPELINE)) {
    definitions.push({
      name: STANDARD_PIPELINE,
      environments: environments.map(environment => environment.name),
    });
  }
  const definition = definitions.find(pipeline => pipeline.name === name);
  if (!definition) {
    throw new InputError(
      `pipeline: unknown pipeline "${name}"; known: ${definitions
        .map(pipeline => pipeline.name)
        .join(', ')}`,
    );
  }
  return {
    name,
    stages: definition.environments.map(environmentName => {
      const environment: Environment | undefined = environments.find(
        candidate => candidate.name === environmentName,
      );
      if (!environment) {
        throw new InputError(
          `pipeline: ${name} names unknown environment "${environmentName}"`,
        );
      }
      return {
        environment: environment.name,
        protected: environment.protected,
        requiredApprovals: environment.requiredApprovals,
      };
    }),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('Cancelled while waiting for the catalog'));
      },
      { once: true },
    );
  });
}

/**
 * `idp:promotion:register`, in two modes.
 *
 * With an artifact (image repository, tag, digest, commit) it registers that
 * build of a component with the promotion backend, on behalf of the user
 * running the template, so it can be promoted stage by stage.
 *
 * Without one it registers the component's pipeline: the pipeline named in
 * `pipeline` (else the default) must exist; a dry run checks it against the
 * configuration and logs its stages; a real run, after `catalog:register`,
 * asks the promotion backend which pipeline the component follows, waiting
 * until the catalog holds the component, and outputs its stages. CI then
 * registers each build (see the templates' workflow).
 *
 * A dry run validates without registering anything.
 *
 * @public
 */
export function createPromotionRegisterAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  config: RootConfigService;
  /** How long a real pipeline registration waits for the catalog to hold the component. */
  catalogWait?: { timeoutMs: number; intervalMs: number };
}) {
  const catalogWait = options.catalogWait ?? DEFAULT_CATALOG_WAIT;
  return createTemplateAction({
    id: 'idp:promotion:register',
    description:
      "Registers a component's promotion pipeline, or an immutable artifact of it, with the IDP promotion backend",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Register the pipeline of a component the template just registered in the catalog',
        example: [
          'steps:',
          '  - id: register-pipeline',
          '    action: idp:promotion:register',
          '    input:',
          "      entityRef: ${{ steps['register'].output.entityRef }}",
          '      pipeline: standard',
        ].join('\n'),
      },
      {
        description: 'Register the first image the template built',
        example: [
          'steps:',
          '  - id: register-artifact',
          '    action: idp:promotion:register',
          '    input:',
          '      entityRef: component:default/${{ parameters.name }}',
          '      imageRepository: ghcr.io/acme/${{ parameters.name }}',
          '      tag: 0.1.0',
          '      digest: ${{ steps.build.output.digest }}',
          '      commit: ${{ steps.publish.output.commitHash }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe('The component, e.g. component:default/payments-api'),
        pipeline: z =>
          z
            .string()
            .optional()
            .describe(
              'Pipeline mode: the pipeline the component follows (its idp-platform/promotion-pipeline annotation); the default pipeline when absent',
            ),
        imageRepository: z =>
          z
            .string()
            .optional()
            .describe(
              'Artifact mode: image repository without tag or digest, e.g. ghcr.io/acme/payments-api',
            ),
        tag: z => z.string().optional().describe('Artifact mode: image tag'),
        digest: z =>
          z
            .string()
            .optional()
            .describe('Artifact mode: image digest, sha256:<hex>'),
        commit: z =>
          z
            .string()
            .optional()
            .describe('Artifact mode: Git commit SHA the image was built from'),
        committers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Artifact mode: user entity refs of the commit authors; they may not approve this artifact',
            ),
        provenance: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Artifact mode: where and how it was built, e.g. {buildUrl, builder}',
            ),
        signatureBundle: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Artifact mode: a sigstore bundle whose in-toto statement names the digest',
            ),
      },
      output: {
        pipeline: z =>
          z
            .string()
            .optional()
            .describe('Pipeline mode: the pipeline the component follows'),
        stages: z =>
          z
            .array(z.string())
            .optional()
            .describe('Pipeline mode: its stages (environments), in order'),
        pipelineUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Pipeline mode: promotion API URL of the component pipeline (not set on a dry run)',
            ),
        imageReference: z =>
          z
            .string()
            .optional()
            .describe(
              'Artifact mode: what is deployed, <repository>:<tag>@<digest>',
            ),
        artifactId: z =>
          z
            .string()
            .optional()
            .describe(
              'Artifact mode: id of the registered artifact (not set on a dry run)',
            ),
        artifactUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Artifact mode: promotion API URL of the registered artifact (not set on a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const artifactMode = ARTIFACT_FIELDS.some(
        field => input[field] !== undefined,
      );

      if (!artifactMode) {
        const misplaced = ARTIFACT_ONLY_FIELDS.find(
          field => input[field] !== undefined,
        );
        if (misplaced) {
          throw new InputError(
            `${misplaced}: only with an artifact (imageRepository, tag, digest, commit)`,
          );
        }
        if (!input.entityRef) {
          throw new InputError('entityRef: Required');
        }
        const configured = readPipelineStages(options.config, input.pipeline);
        if (ctx.isDryRun) {
          ctx.output('pipeline', configured.name);
          ctx.output(
            'stages',
            configured.stages.map(stage => stage.environment),
          );
          ctx.logger.info(
            `Dry run: ${input.entityRef} follows pipeline ${
              configured.name
            }: ${describeStages(configured.stages)}; not registered`,
          );
          return;
        }
        const baseUrl = await options.discovery.getBaseUrl(PROMOTION_PLUGIN_ID);
        const pipelineUrl = `${baseUrl}/pipeline?entityRef=${encodeURIComponent(
          input.entityRef,
        )}`;
        const { token } = await options.auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: PROMOTION_PLUGIN_ID,
        });
        const deadline = Date.now() + catalogWait.timeoutMs;
        let view: PipelineView | undefined;
        let waiting = false;
        while (!view) {
          const response = await fetch(pipelineUrl, {
            headers: { authorization: `Bearer ${token}` },
          });
          if (response.ok) {
            view = (await response.json()) as PipelineView;
          } else if (response.status === 404 && Date.now() < deadline) {
            // catalog:register adds a location; the catalog reads it moments later.
            if (!waiting) {
              ctx.logger.info(
                `Waiting for the catalog to hold ${input.entityRef}`,
              );
              waiting = true;
            }
            await sleep(catalogWait.intervalMs, ctx.signal);
          } else {
            throw await ResponseError.fromResponse(response);
          }
        }
        if (input.pipeline !== undefined && view.pipeline !== input.pipeline) {
          throw new InputError(
            `pipeline: ${input.entityRef} follows pipeline ${view.pipeline}, not ${input.pipeline}; set its idp-platform/promotion-pipeline annotation`,
          );
        }
        // Array.from, not map: the parsed body's arrays may come from another realm
        // (a test VM), whose prototype the scaffolder refuses in step outputs.
        const stages = Array.from(view.stages, stage => ({
          environment: stage.environment.name,
          protected: stage.environment.protected,
          requiredApprovals: stage.environment.requiredApprovals,
        }));
        ctx.output('pipeline', view.pipeline);
        ctx.output(
          'stages',
          stages.map(stage => stage.environment),
        );
        ctx.output('pipelineUrl', pipelineUrl);
        ctx.logger.info(
          `${input.entityRef} follows pipeline ${
            view.pipeline
          }: ${describeStages(stages)}`,
        );
        return;
      }

      if (input.pipeline !== undefined) {
        throw new InputError(
          'pipeline: only without an artifact; the artifact follows the pipeline of its component',
        );
      }
      const registration = parseRegistration(input);
      const imageReference = `${registration.imageRepository}:${registration.tag}@${registration.digest}`;
      ctx.output('imageReference', imageReference);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${imageReference} of ${registration.entityRef} is a valid registration; not registered`,
        );
        return;
      }
      const baseUrl = await options.discovery.getBaseUrl(PROMOTION_PLUGIN_ID);
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: PROMOTION_PLUGIN_ID,
      });
      const response = await fetch(`${baseUrl}/artifacts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(registration),
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const artifact = (await response.json()) as Artifact;
      ctx.output('artifactId', artifact.id);
      ctx.output('artifactUrl', `${baseUrl}/artifacts/${artifact.id}`);
      ctx.logger.info(
        response.status === 201
          ? `Registered ${artifact.imageReference} of ${artifact.entityRef} as artifact ${artifact.id}`
          : `${artifact.imageReference} of ${artifact.entityRef} was registered before as artifact ${artifact.id}`,
      );
    },
  });
}
