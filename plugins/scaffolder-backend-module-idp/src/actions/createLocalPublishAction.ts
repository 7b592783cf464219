import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'fs/promises';
import path from 'path';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The folder new repositories are written to, from `idp.scaffolder.localPublish.directory`. */
function readPublishDirectory(config: Config): string | undefined {
  const localPublish = config.getOptionalConfig('idp.scaffolder.localPublish');
  if (!localPublish || localPublish.getOptionalBoolean('enabled') === false) {
    return undefined;
  }
  return path.resolve(localPublish.getString('directory'));
}

/**
 * `idp:publish:local`: publishes the generated repository to a folder of the
 * Backstage host (`idp.scaffolder.localPublish.directory`) instead of a Git
 * host, and registers its catalog-info.yaml as a `file` location. For local
 * demos and air-gapped trials, where templates cannot reach GitHub; a
 * repository that already exists is a conflict, never overwritten. A dry run
 * checks the target without writing or registering anything.
 *
 * @public
 */
export function createLocalPublishAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  return createTemplateAction({
    id: 'idp:publish:local',
    description:
      'Publishes the workspace to a local folder and registers its catalog-info.yaml in the catalog',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish locally when no Git host is chosen',
        example: [
          'steps:',
          '  - id: publish-local',
          '    if: ${{ parameters.destination === "local" }}',
          '    action: idp:publish:local',
          '    input:',
          '      name: ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('Repository folder name (a DNS label)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Sub-folder of the workspace to publish (default: all)'),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the entity file in the repository (default /catalog-info.yaml)',
            ),
      },
      output: {
        repositoryPath: z =>
          z.string().describe('Folder the repository was written to'),
        catalogInfoPath: z =>
          z.string().describe('Absolute path of the registered entity file'),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe('The first entity registered from the file'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      if (!DNS_LABEL.test(name)) {
        throw new InputError(`name: "${name}" is not a DNS label`);
      }
      const root = readPublishDirectory(options.config);
      if (!root) {
        throw new InputError(
          'idp:publish:local needs idp.scaffolder.localPublish.directory in the app config',
        );
      }
      const workspace = path.resolve(ctx.workspacePath);
      const source = path.resolve(workspace, ctx.input.sourcePath ?? '.');
      if (source !== workspace && !source.startsWith(workspace + path.sep)) {
        throw new InputError('sourcePath: must stay inside the workspace');
      }
      const target = path.join(root, name);
      const entityFile = path.join(
        target,
        ctx.input.catalogInfoPath ?? 'catalog-info.yaml',
      );
      if (!entityFile.startsWith(target + path.sep)) {
        throw new InputError(
          'catalogInfoPath: must stay inside the repository',
        );
      }
      const exists = await fs
        .stat(target)
        .then(() => true)
        .catch(() => false);
      if (exists) {
        throw new ConflictError(`A repository named ${name} exists in ${root}`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish to ${target} and register ${entityFile}`,
        );
        ctx.output('repositoryPath', target);
        ctx.output('catalogInfoPath', entityFile);
        return;
      }

      // Written beside the target, then renamed: a failed copy leaves no half repository.
      await fs.mkdir(root, { recursive: true });
      const staging = await fs.mkdtemp(path.join(root, `.${name}-`));
      try {
        await fs.cp(source, staging, { recursive: true });
        await fs.access(path.join(staging, path.relative(target, entityFile)));
        await fs.rename(staging, target);
      } catch (error) {
        await fs.rm(staging, { recursive: true, force: true });
        throw error;
      }
      ctx.logger.info(`Published ${name} to ${target}`);

      const credentials = await ctx.getInitiatorCredentials();
      // A dry run of the location names the entities it holds; then it is registered for real.
      const preview = await options.catalog.addLocation(
        { type: 'file', target: entityFile, dryRun: true },
        { credentials },
      );
      await options.catalog.addLocation(
        { type: 'file', target: entityFile },
        { credentials },
      );
      // The preview lists the generated Location entity too; the published entity is the other one.
      const entity = preview.entities.find(e => e.kind !== 'Location');
      const entityRef = entity && stringifyEntityRef(entity);
      ctx.logger.info(`Registered ${entityFile} in the catalog`);
      ctx.output('repositoryPath', target);
      ctx.output('catalogInfoPath', entityFile);
      if (entityRef) ctx.output('entityRef', entityRef);
    },
  });
}
