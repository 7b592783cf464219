import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Artifact,
  ArtifactRegistration,
  artifactRegistrationSchema,
} from '@idp-platform/backstage-plugin-idp-common';

const PROMOTION_PLUGIN_ID = 'promotion';

function parseRegistration(input: unknown): ArtifactRegistration {
  const parsed = artifactRegistrationSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * `idp:promotion:register`: registers a built artifact (image repository,
 * tag, digest, commit) of a component with the promotion backend, on behalf
 * of the user running the template, so it can be promoted stage by stage. A
 * dry run validates the registration without registering it.
 *
 * @public
 */
export function createPromotionRegisterAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'idp:promotion:register',
    description:
      'Registers an immutable artifact of a component with the IDP promotion backend',
    supportsDryRun: true,
    examples: [
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
        imageRepository: z =>
          z
            .string()
            .describe(
              'Image repository without tag or digest, e.g. ghcr.io/acme/payments-api',
            ),
        tag: z => z.string().describe('Image tag'),
        digest: z => z.string().describe('Image digest, sha256:<hex>'),
        commit: z =>
          z.string().describe('Git commit SHA the image was built from'),
        committers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'User entity refs of the commit authors; they may not approve this artifact',
            ),
        provenance: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('Where and how it was built, e.g. {buildUrl, builder}'),
        signatureBundle: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'A sigstore bundle whose in-toto statement names the digest',
            ),
      },
      output: {
        imageReference: z =>
          z.string().describe('What is deployed: <repository>:<tag>@<digest>'),
        artifactId: z =>
          z
            .string()
            .optional()
            .describe('Id of the registered artifact (not set on a dry run)'),
        artifactUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Promotion API URL of the registered artifact (not set on a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const registration = parseRegistration(ctx.input);
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
