import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http, { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderEntityModelModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogIdpModule from '@idp-platform/backstage-plugin-catalog-backend-module-idp';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import configPlugin from '@idp-platform/backstage-plugin-config-backend';
import mcpRegistryPlugin from '@idp-platform/backstage-plugin-mcp-registry-backend';
import policyPlugin from '@idp-platform/backstage-plugin-policy-backend';
import promotionPlugin from '@idp-platform/backstage-plugin-promotion-backend';
import scaffolderIdpModule from '@idp-platform/backstage-plugin-scaffolder-backend-module-idp';
import {
  applicationConfigurationSchema,
  isSecretRefValue,
  mcpServerJsonSchema,
  serviceCommunicationPolicySchema,
  validateIdpAnnotations,
  webApplicationCommunicationSchema,
} from '@idp-platform/backstage-plugin-idp-common';

const templatesRoot = path.resolve(__dirname, '../../../../templates');

const ENVIRONMENTS = ['development', 'staging', 'uat', 'production'];

function readTemplate(name: string) {
  const dir = path.join(templatesRoot, name);
  const template = yaml.load(
    fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
  );
  const directoryContents: { path: string; base64Content: string }[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (relative !== 'template.yaml') {
        directoryContents.push({
          path: relative,
          base64Content: fs
            .readFileSync(path.join(dir, relative))
            .toString('base64'),
        });
      }
    }
  };
  walk('.');
  return { template, directoryContents };
}

type Entity = {
  kind: string;
  metadata: { name: string; annotations: Record<string, string> };
  spec: Record<string, unknown>;
};

type WorkflowStep = {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
};

/** Every leaf key path whose name suggests a secret, with its value. */
function secretLookingValues(
  tree: unknown,
  at = '',
): { path: string; value: unknown }[] {
  if (typeof tree !== 'object' || tree === null || isSecretRefValue(tree)) {
    return /password|secret|token|key$/i.test(at)
      ? [{ path: at, value: tree }]
      : [];
  }
  return Object.entries(tree).flatMap(([key, value]) =>
    secretLookingValues(value, at ? `${at}.${key}` : key),
  );
}

describe('scaffolder templates', () => {
  let server: Server;
  // Where idp:publish:local writes repositories (the local demo's Git host).
  const localRepositories = fs.mkdtempSync(
    path.join(os.tmpdir(), 'idp-template-repos-'),
  );
  // Where the tests publish rendered repositories for the catalog to read, as GitHub would.
  const published = new Map<string, string>();
  const repositoryHost = http.createServer((req, res) => {
    const body = published.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });

  afterAll(() => {
    repositoryHost.close();
    fs.rmSync(localRepositories, { recursive: true, force: true });
  });

  beforeAll(async () => {
    await new Promise<void>(resolve =>
      repositoryHost.listen(0, '127.0.0.1', resolve),
    );
    const repositoryPort = (repositoryHost.address() as { port: number }).port;
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        scaffolderIdpModule,
        catalogPlugin,
        catalogIdpModule,
        catalogScaffolderEntityModelModule,
        mcpRegistryPlugin,
        promotionPlugin,
        configPlugin,
        policyPlugin,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host: 'github.com', token: 'not-used-in-dry-run' }],
            },
            backend: {
              reading: { allow: [{ host: `127.0.0.1:${repositoryPort}` }] },
            },
            catalog: {
              rules: [
                { allow: ['Component', 'Resource', 'Location', 'Template'] },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
                },
                ...['node-service', 'web-application', 'mcp-server'].map(
                  name => ({
                    type: 'file',
                    target: path.join(templatesRoot, name, 'template.yaml'),
                  }),
                ),
              ],
            },
            idp: {
              // A dry run deploys nothing: the cluster is never called.
              clusters: [
                {
                  name: 'test',
                  url: 'http://127.0.0.1:9',
                  skipTLSVerify: true,
                },
              ],
              environments: [
                { name: 'development', cluster: 'test' },
                { name: 'staging', cluster: 'test' },
                { name: 'uat', cluster: 'test', protected: true },
                {
                  name: 'production',
                  cluster: 'test',
                  protected: true,
                  requiredApprovals: 2,
                },
              ],
              scaffolder: { localPublish: { directory: localRepositories } },
              promotion: {
                pipelines: [
                  {
                    name: 'express',
                    stages: [
                      { environment: 'development' },
                      { environment: 'production' },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
    // The policies name services of the fixture catalog: wait until it is processed.
    await waitForEntity('resource/default/payments-db');
    for (const template of ['node-service', 'web-application', 'mcp-server']) {
      await waitForEntity(`template/default/idp-${template}`);
    }
  }, 120_000);

  async function waitForEntity(kindNamespaceName: string) {
    for (;;) {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kindNamespaceName}`)
        .set('authorization', mockCredentials.user.header());
      if (res.status === 200) return res.body as Entity;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  /** Runs a template for real, as the user, and waits for the task to end. */
  async function runTask(template: string, values: Record<string, unknown>) {
    const user = mockCredentials.user.header();
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', user)
      .send({ templateRef: `template:default/${template}`, values });
    expect(created.status).toBe(201);
    for (;;) {
      const { status } = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('authorization', user)
      ).body;
      if (status === 'completed') return;
      if (['failed', 'cancelled'].includes(status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('authorization', user);
        throw new Error(
          `Task ${status}: ${JSON.stringify(
            events.body.map(
              (e: { body: { message: string } }) => e.body.message,
            ),
          )}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  async function dryRun(name: string, values: Record<string, unknown>) {
    const { template, directoryContents } = readTemplate(name);
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const files: Record<string, string> = Object.fromEntries(
      res.body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    return {
      files,
      log: JSON.stringify(res.body.log),
      steps: res.body.steps.map((s: { id: string }) => s.id) as string[],
      output: res.body.output,
    };
  }

  function expectIdpWiring(
    files: Record<string, string>,
    log: string,
    component: string,
  ) {
    const entity = yaml.load(files['catalog-info.yaml']) as Entity;
    expect(validateIdpAnnotations(entity.metadata.annotations)).toEqual([]);

    const configuration = applicationConfigurationSchema.parse(
      yaml.load(files[`config/${component}.yaml`], {
        schema: yaml.CORE_SCHEMA,
      }),
    );
    expect(configuration.metadata).toMatchObject({
      name: component,
      application: `component:default/${component}`,
    });
    expect(Object.keys(configuration.spec.environments)).toEqual(ENVIRONMENTS);
    // No secret values: whatever looks like one is a reference to the store.
    for (const found of secretLookingValues(configuration.spec)) {
      expect(found).toEqual({
        path: found.path,
        value: {
          secretRef: expect.objectContaining({ key: expect.any(String) }),
        },
      });
    }

    const workflow = yaml.load(
      files['.github/workflows/build-and-register.yaml'],
    ) as { jobs: { build: { steps: WorkflowStep[] } } };
    const steps = workflow.jobs.build.steps;
    // Copied as is: its ${{ }} belong to GitHub Actions.
    expect(files['.github/workflows/build-and-register.yaml']).toContain(
      '${{ steps.build.outputs.digest }}',
    );
    const upload = steps.find(s => s.name === 'Upload reports to the IDP');
    expect(upload?.run).toContain('$BACKSTAGE_URL/api/security/reports');
    const register = steps.find(
      s => s.name === 'Register the artifact for promotion',
    );
    expect(register?.run).toContain('$BACKSTAGE_URL/api/promotion/artifacts');
    expect(register?.env?.BACKSTAGE_TOKEN).toBe(
      '${{ secrets.BACKSTAGE_TOKEN }}',
    );
    expect(steps.findIndex(s => s === register)).toBeGreaterThan(
      steps.findIndex(s => s.name === 'Build and push the image'),
    );

    expect(log).toContain(
      `Dry run: ${component} is a valid ApplicationConfiguration; not created`,
    );
    expect(log).toContain(
      `Dry run: ${component} is a valid policy; not created`,
    );
    return entity;
  }

  it('dry-runs the node-service template into an annotated entity, its pipeline, configuration, policy and CI', async () => {
    const { files, log, steps, output } = await dryRun('node-service', {
      name: 'billing-api',
      description: 'Sends invoices',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      tier: 'backend',
      compliance: ['pci-dss', 'gdpr'],
      pipeline: 'standard',
      destinations: [
        { service: 'payments-api', port: 8080, protocol: 'HTTP' },
        { service: 'payments-db', port: 5432, protocol: 'TCP' },
      ],
      database: true,
      secretStore: 'vault-backend',
      destination: 'github',
      repoUrl: 'github.com?owner=Acme&repo=billing-api',
    });
    const entity = expectIdpWiring(files, log, 'billing-api');
    expect(entity.metadata.name).toBe('billing-api');
    expect(entity.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/team-payments',
    });
    expect(entity.metadata.annotations).toEqual({
      'idp-platform/service-id': 'billing-api',
      'idp-platform/cost-center': 'CC-2001',
      'idp-platform/policy-tier': 'backend',
      'idp-platform/image-repository': 'ghcr.io/acme/billing-api',
      'idp-platform/promotion-pipeline': 'standard',
      'idp-platform/config-name': 'billing-api',
      'idp-platform/health-check':
        'http://billing-api.{namespace}.svc.cluster.local:8080/healthz',
      'idp-platform/compliance': 'pci-dss,gdpr',
    });

    const configuration = applicationConfigurationSchema.parse(
      yaml.load(files['config/billing-api.yaml'], { schema: yaml.CORE_SCHEMA }),
    );
    expect(configuration.spec.values.database).toMatchObject({
      name: 'billing_api',
      password: {
        secretRef: {
          store: 'vault-backend',
          key: 'billing-api/database',
          property: 'password',
        },
      },
    });
    expect(configuration.spec.environments.production).toMatchObject({
      logging: { level: 'warn' },
      database: { host: 'billing-api-db.production.svc.cluster.local' },
    });

    const policy = serviceCommunicationPolicySchema.parse(
      yaml.load(files['policy/billing-api.yaml']),
    );
    expect(policy.spec.source).toEqual({
      service: 'billing-api',
      tier: 'backend',
    });
    expect(policy.spec.destinations).toEqual([
      { service: 'payments-api', ports: [{ port: 8080, protocol: 'HTTP' }] },
      { service: 'payments-db', ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);

    expect(steps).toEqual([
      'fetch-base',
      'publish',
      'register',
      'publish-local',
      'register-pipeline',
      'create-config',
      'create-policy',
    ]);
    expect(log).toContain(
      'Dry run: component:default/billing-api follows pipeline standard: development → staging → uat (protected, 1 approval) → production (protected, 2 approvals); not registered',
    );
    expect(JSON.stringify(output)).toContain(
      'Pipeline standard: development → staging → uat → production.',
    );
  }, 60_000);

  it('dry-runs the node-service template published to this Backstage (the local demo) without a repository URL', async () => {
    const { files, log } = await dryRun('node-service', {
      name: 'statement-api',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      tier: 'backend',
      pipeline: 'standard',
      destination: 'local',
    });
    const entity = expectIdpWiring(files, log, 'statement-api');
    expect(entity.metadata.annotations['idp-platform/image-repository']).toBe(
      'localhost:5000/statement-api',
    );
    expect(log).toContain(
      'Skipping step publish because its if condition was false',
    );
    expect(log).toContain(
      'Skipping step register because its if condition was false',
    );
    const target = path.join(localRepositories, 'statement-api');
    expect(log).toContain(
      `Dry run: would publish to ${target} and register ${path.join(
        target,
        'catalog-info.yaml',
      )}`,
    );
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);

  it('refuses a pipeline the promotion backend does not know in the dry run', async () => {
    const { template, directoryContents } = readTemplate('node-service');
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: {
          name: 'ledger-api',
          owner: 'group:default/team-payments',
          system: 'system:default/commerce',
          costCenter: 'CC-2001',
          tier: 'backend',
          pipeline: 'nightly',
          destination: 'github',
          repoUrl: 'github.com?owner=acme&repo=ledger-api',
        },
        directoryContents,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'pipeline: unknown pipeline "nightly"; known: express, standard',
    );
  }, 60_000);

  it('dry-runs the mcp-server template into a valid server.json, an annotated entity and the registry step', async () => {
    const { files, log, steps } = await dryRun('mcp-server', {
      name: 'weather-mcp',
      description: 'Forecasts for agents',
      namespace: 'io.github.acme',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      pipeline: 'express',
      destinations: [{ service: 'orders-api', port: 8080, protocol: 'HTTP' }],
      destination: 'github',
      repoUrl: 'github.com?owner=acme&repo=weather-mcp',
    });
    const serverJson = mcpServerJsonSchema.parse(
      JSON.parse(files['server.json']),
    );
    expect(serverJson).toMatchObject({
      name: 'io.github.acme/weather-mcp',
      packages: [{ registryType: 'npm', identifier: '@acme/weather-mcp' }],
    });
    expect(JSON.parse(files['package.json'])).toMatchObject({
      name: '@acme/weather-mcp',
      mcpName: 'io.github.acme/weather-mcp',
    });
    const entity = expectIdpWiring(files, log, 'weather-mcp');
    expect(entity.metadata.annotations).toMatchObject({
      'idp-platform/mcp-server': 'io.github.acme/weather-mcp',
      'idp-platform/promotion-pipeline': 'express',
      'idp-platform/image-repository': 'ghcr.io/acme/weather-mcp',
      'idp-platform/config-name': 'weather-mcp',
    });
    const policy = serviceCommunicationPolicySchema.parse(
      yaml.load(files['policy/weather-mcp.yaml']),
    );
    expect(policy.spec.destinations.map(d => d.service)).toEqual([
      'orders-api',
    ]);
    expect(steps).toEqual([
      'fetch-base',
      'publish',
      'register',
      'publish-local',
      'register-pipeline',
      'register-mcp',
      'create-config',
      'create-policy',
    ]);
    expect(log).toContain(
      'Dry run: io.github.acme/weather-mcp 0.1.0 is a valid server.json',
    );
    expect(log).toContain(
      'Dry run: component:default/weather-mcp follows pipeline express: development → production (protected, 2 approvals); not registered',
    );
  }, 60_000);

  it('dry-runs the web-application template into a WebApplication, a website entity and the policy imported from its communication', async () => {
    const { files, log, steps } = await dryRun('web-application', {
      name: 'checkout-portal',
      description: 'Where customers pay',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      compliance: ['pci-dss'],
      port: 8080,
      replicas: 3,
      allowedDestinations: ['payments-api:8080', 'orders-api'],
      deniedDestinations: ['payments-db'],
      pipeline: 'standard',
      secretStore: 'vault-backend',
      destination: 'github',
      repoUrl: 'github.com?owner=acme&repo=checkout-portal',
    });
    const entity = expectIdpWiring(files, log, 'checkout-portal');
    expect(entity.kind).toBe('Component');
    expect(entity.spec).toMatchObject({
      type: 'website',
      owner: 'group:default/team-payments',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'idp-platform/service-id': 'checkout-portal',
      'idp-platform/policy-tier': 'frontend',
      'idp-platform/image-repository': 'ghcr.io/acme/checkout-portal',
      'idp-platform/promotion-pipeline': 'standard',
      'idp-platform/config-name': 'checkout-portal',
      'idp-platform/compliance': 'pci-dss',
    });

    const application = yaml.load(files['webapplication.yaml']) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: {
        image: string;
        port: number;
        replicas: number;
        environments: Record<string, { replicas: number }>;
        communication: unknown;
      };
    };
    expect(application).toMatchObject({
      apiVersion: 'idp-platform.io/v1alpha1',
      kind: 'WebApplication',
      metadata: { name: 'checkout-portal' },
      spec: { image: 'ghcr.io/acme/checkout-portal', port: 8080, replicas: 3 },
    });
    expect(application.spec.environments).toEqual({
      development: { replicas: 1 },
      staging: { replicas: 3 },
      uat: { replicas: 3 },
      production: { replicas: 3 },
    });
    expect(
      webApplicationCommunicationSchema.parse(application.spec.communication),
    ).toEqual({
      allowedDestinations: ['payments-api:8080', 'orders-api'],
      deniedDestinations: ['payments-db'],
    });

    const configuration = applicationConfigurationSchema.parse(
      yaml.load(files['config/checkout-portal.yaml'], {
        schema: yaml.CORE_SCHEMA,
      }),
    );
    expect(configuration.spec.values.session).toMatchObject({
      signingSecret: {
        secretRef: { store: 'vault-backend', key: 'checkout-portal/session' },
      },
    });

    expect(steps).toEqual([
      'fetch-base',
      'publish',
      'register',
      'publish-local',
      'register-pipeline',
      'create-config',
      'create-policy',
    ]);
  }, 60_000);

  it('stops the web-application dry run when its communication names a service the catalog does not know', async () => {
    const { template, directoryContents } = readTemplate('web-application');
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: {
          name: 'refund-portal',
          owner: 'group:default/team-payments',
          system: 'system:default/commerce',
          costCenter: 'CC-2001',
          port: 8080,
          replicas: 2,
          allowedDestinations: ['payments-api:8080', 'ledger-api:9090'],
          pipeline: 'standard',
          destination: 'github',
          repoUrl: 'github.com?owner=acme&repo=refund-portal',
        },
        directoryContents,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^The policy converted from webapplication\.yaml is not valid: line \d+: service ledger-api is not in the catalog/,
    );
  }, 60_000);

  it('registers a build with the promotion backend through the workflow step, as CI runs it', async () => {
    const { files } = await dryRun('node-service', {
      name: 'invoice-api',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      tier: 'backend',
      pipeline: 'standard',
      destination: 'github',
      repoUrl: 'github.com?owner=acme&repo=invoice-api',
    });
    const entity = yaml.load(files['catalog-info.yaml']) as Entity;
    const entityRef = 'component:default/invoice-api';

    // What catalog:register does after publishing: the entity becomes a catalog location.
    published.set(
      '/acme/invoice-api/catalog-info.yaml',
      files['catalog-info.yaml'],
    );
    const { port: repositoryPort } = repositoryHost.address() as {
      port: number;
    };
    const location = await request(server)
      .post('/api/catalog/locations')
      .set('authorization', mockCredentials.user.header())
      .send({
        type: 'url',
        target: `http://127.0.0.1:${repositoryPort}/acme/invoice-api/catalog-info.yaml`,
      });
    expect(location.status).toBe(201);
    await waitForEntity('component/default/invoice-api');

    const workflow = yaml.load(
      files['.github/workflows/build-and-register.yaml'],
    ) as { jobs: { build: { steps: WorkflowStep[] } } };
    const step = workflow.jobs.build.steps.find(
      s => s.name === 'Register the artifact for promotion',
    )!;
    // The push event GitHub writes at GITHUB_EVENT_PATH, with the commits' authors.
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'invoice-api-'));
    fs.writeFileSync(
      path.join(workspace, 'event.json'),
      JSON.stringify({
        commits: [
          { author: { username: 'Jane-Doe' } },
          { author: { name: 'no login' } },
        ],
      }),
    );
    const { port } = server.address() as { port: number };
    const sha = 'c0ffee'.repeat(6).slice(0, 40);
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(Object.keys(step.env ?? {}).sort()).toEqual([
      'BACKSTAGE_TOKEN',
      'BACKSTAGE_URL',
      'BUILD_URL',
      'DIGEST',
    ]);
    // The job environment the earlier steps set up, then the step's own.
    await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', step.run!], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH,
        IMAGE: entity.metadata.annotations['idp-platform/image-repository'],
        ENTITY_REF: entityRef,
        GITHUB_SHA: sha,
        GITHUB_EVENT_PATH: path.join(workspace, 'event.json'),
        DIGEST: digest,
        BUILD_URL: 'https://github.com/acme/invoice-api/actions/runs/1',
        BACKSTAGE_URL: `http://127.0.0.1:${port}`,
        BACKSTAGE_TOKEN: mockCredentials.service.token(),
      },
    });

    fs.rmSync(workspace, { recursive: true, force: true });

    const artifacts = await request(server)
      .get(
        `/api/promotion/artifacts?entityRef=${encodeURIComponent(entityRef)}`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(artifacts.body.items).toEqual([
      expect.objectContaining({
        entityRef,
        imageReference: `ghcr.io/acme/invoice-api:${sha}@${digest}`,
        commit: sha,
        committers: ['user:default/jane-doe'],
        provenance: {
          buildUrl: 'https://github.com/acme/invoice-api/actions/runs/1',
          builder: 'github-actions',
        },
      }),
    ]);
  }, 60_000);

  it('creates a node service for real in the local demo: repository, catalog entity, pipeline, configuration and policy', async () => {
    await runTask('idp-node-service', {
      name: 'receipts-api',
      description: 'Keeps receipts',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      tier: 'backend',
      pipeline: 'standard',
      destinations: [{ service: 'payments-api', port: 8080 }],
      database: true,
      secretStore: 'vault-backend',
      destination: 'local',
    });
    const user = mockCredentials.user.header();

    const repository = path.join(localRepositories, 'receipts-api');
    for (const file of [
      'catalog-info.yaml',
      'Dockerfile',
      'config/receipts-api.yaml',
      'policy/receipts-api.yaml',
      '.github/workflows/build-and-register.yaml',
    ]) {
      expect(fs.existsSync(path.join(repository, file))).toBe(true);
    }
    const entity = await waitForEntity('component/default/receipts-api');
    expect(entity.metadata.annotations).toMatchObject({
      'idp-platform/service-id': 'receipts-api',
      'idp-platform/image-repository': 'localhost:5000/receipts-api',
      'idp-platform/config-name': 'receipts-api',
    });

    const pipeline = await request(server)
      .get('/api/promotion/pipeline?entityRef=component:default/receipts-api')
      .set('authorization', user);
    expect(pipeline.body).toMatchObject({
      pipeline: 'standard',
      stages: ENVIRONMENTS.map(name => ({
        environment: expect.objectContaining({ name }),
      })),
    });
    const configuration = await request(server)
      .get('/api/config/applications/receipts-api/history')
      .set('authorization', user);
    expect(configuration.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        author: mockCredentials.user().principal.userEntityRef,
        message: 'Created by the node-service template',
      }),
    ]);
    const effective = await request(server)
      .get(
        '/api/config/applications/receipts-api/effective?environment=production',
      )
      .set('authorization', user);
    expect(effective.body.values).toMatchObject({
      logging: { level: 'warn' },
      database: { host: 'receipts-api-db.production.svc.cluster.local' },
    });
    const policy = await request(server)
      .get('/api/policy/policies/receipts-api')
      .set('authorization', user);
    expect(policy.body).toMatchObject({
      version: 1,
      source: 'receipts-api',
      entityRef: 'component:default/receipts-api',
    });
  }, 120_000);

  it('creates a web application and an MCP server for real in the local demo, with the policy imported from the WebApplication', async () => {
    const user = mockCredentials.user.header();
    await runTask('idp-web-application', {
      name: 'loyalty-web',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      port: 8080,
      replicas: 2,
      allowedDestinations: ['payments-api:8080'],
      deniedDestinations: ['payments-db'],
      pipeline: 'express',
      secretStore: 'vault-backend',
      destination: 'local',
    });
    const policy = await request(server)
      .get('/api/policy/policies/loyalty-web')
      .set('authorization', user);
    expect(policy.body).toMatchObject({
      version: 1,
      entityRef: 'component:default/loyalty-web',
      document: {
        spec: {
          source: { service: 'loyalty-web' },
          destinations: [
            {
              service: 'payments-api',
              ports: [{ port: 8080, protocol: 'HTTP' }],
            },
          ],
          deniedDestinations: [{ service: 'payments-db' }],
        },
      },
    });
    const webConfig = await request(server)
      .get('/api/config/applications/loyalty-web/history')
      .set('authorization', user);
    expect(webConfig.body.items).toHaveLength(1);
    const pipeline = await request(server)
      .get('/api/promotion/pipeline?entityRef=component:default/loyalty-web')
      .set('authorization', user);
    expect(pipeline.body.pipeline).toBe('express');

    await runTask('idp-mcp-server', {
      name: 'tariff-mcp',
      description: 'Tariffs for agents',
      namespace: 'io.github.acme',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      costCenter: 'CC-2001',
      pipeline: 'standard',
      destinations: [{ service: 'orders-api', port: 8080, protocol: 'HTTP' }],
      destination: 'local',
    });
    const registered = await request(server)
      .get(
        `/api/mcp-registry/v0.1/servers/${encodeURIComponent(
          'io.github.acme/tariff-mcp',
        )}/versions/latest`,
      )
      .set('authorization', user);
    expect(registered.status).toBe(200);
    expect(JSON.stringify(registered.body)).toContain('@acme/tariff-mcp');
    for (const route of [
      '/api/config/applications/tariff-mcp',
      '/api/policy/policies/tariff-mcp',
    ]) {
      const res = await request(server).get(route).set('authorization', user);
      expect({ route, status: res.status }).toEqual({ route, status: 200 });
    }
  }, 120_000);
});
