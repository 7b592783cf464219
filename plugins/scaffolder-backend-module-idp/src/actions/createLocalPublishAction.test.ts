import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import catalogModuleIdp from '@idp-platform/backstage-plugin-catalog-backend-module-idp';
import { createLocalPublishAction } from './createLocalPublishAction';

const entityYaml = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    idp-platform/service-id: ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-payments
`;

describe('idp:publish:local', () => {
  let root: string;
  let workspacePath: string;
  let catalog: CatalogService;
  let config: Config;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-publish-'));
    const captured = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-capture',
      register(env) {
        env.registerInit({
          deps: {
            catalogService: catalogServiceRef,
            rootConfig: coreServices.rootConfig,
          },
          async init({ catalogService, rootConfig }) {
            catalog = catalogService;
            config = rootConfig;
          },
        });
      },
    });
    await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleIdp,
        captured,
        mockServices.rootConfig.factory({
          data: {
            idp: {
              scaffolder: {
                localPublish: { directory: path.join(root, 'repos') },
              },
            },
          },
        }),
      ],
    });
  });

  beforeEach(() => {
    workspacePath = fs.mkdtempSync(path.join(root, 'workspace-'));
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('publishes the workspace to the folder and registers its entity in the catalog', async () => {
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      entityYaml('billing-api'),
    );
    fs.mkdirSync(path.join(workspacePath, 'src'));
    fs.writeFileSync(path.join(workspacePath, 'src/index.js'), 'ok();\n');
    const ctx = createMockActionContext({
      input: { name: 'billing-api' },
      workspacePath,
    });
    await createLocalPublishAction({ config, catalog }).handler(ctx);

    const target = path.join(root, 'repos', 'billing-api');
    expect(fs.readFileSync(path.join(target, 'src/index.js'), 'utf8')).toBe(
      'ok();\n',
    );
    expect(ctx.output).toHaveBeenCalledWith('repositoryPath', target);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/billing-api',
    );
    const credentials = await ctx.getInitiatorCredentials();
    const { items } = await catalog.getLocations({}, { credentials });
    expect(items).toContainEqual(
      expect.objectContaining({
        type: 'file',
        target: path.join(target, 'catalog-info.yaml'),
      }),
    );
  });

  it('refuses to overwrite an existing repository and leaves it as it was', async () => {
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      entityYaml('orders-api'),
    );
    const action = createLocalPublishAction({ config, catalog });
    await action.handler(
      createMockActionContext({ input: { name: 'orders-api' }, workspacePath }),
    );
    const again = fs.mkdtempSync(path.join(root, 'workspace-'));
    fs.writeFileSync(path.join(again, 'catalog-info.yaml'), 'changed: true\n');
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'orders-api' },
          workspacePath: again,
        }),
      ),
    ).rejects.toThrow('A repository named orders-api exists');
    expect(
      fs.readFileSync(
        path.join(root, 'repos/orders-api/catalog-info.yaml'),
        'utf8',
      ),
    ).toBe(entityYaml('orders-api'));
  });

  it('writes and registers nothing on a dry run, and names bad input', async () => {
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      entityYaml('dry-api'),
    );
    const action = createLocalPublishAction({ config, catalog });
    // createMockActionContext leaves isDryRun out; the scaffolder sets it on dry runs.
    await action.handler({
      ...createMockActionContext({ input: { name: 'dry-api' }, workspacePath }),
      isDryRun: true,
    });
    expect(fs.existsSync(path.join(root, 'repos/dry-api'))).toBe(false);
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'Not_A_Label' },
          workspacePath,
        }),
      ),
    ).rejects.toThrow('name: "Not_A_Label" is not a DNS label');
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'escape', sourcePath: '../..' },
          workspacePath,
        }),
      ),
    ).rejects.toThrow('sourcePath: must stay inside the workspace');
    // A missing entity file fails the copy and leaves no half repository behind.
    const empty = fs.mkdtempSync(path.join(root, 'workspace-'));
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'empty' },
          workspacePath: empty,
        }),
      ),
    ).rejects.toThrow();
    expect(fs.readdirSync(path.join(root, 'repos')).sort()).toEqual([
      'billing-api',
      'orders-api',
    ]);
  });
});
