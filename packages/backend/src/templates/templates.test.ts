import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import mcpRegistryPlugin from '@idp-platform/backstage-plugin-mcp-registry-backend';
import scaffolderIdpModule from '@idp-platform/backstage-plugin-scaffolder-backend-module-idp';
import {
  mcpServerJsonSchema,
  validateIdpAnnotations,
} from '@idp-platform/backstage-plugin-idp-common';

const templatesRoot = path.resolve(__dirname, '../../../../templates');

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

describe('scaffolder templates', () => {
  it('dry-runs the node-service template into a catalog entity with valid IDP annotations', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host: 'github.com', token: 'not-used-in-dry-run' }],
            },
          },
        }),
      ],
    });
    const { template, directoryContents } = readTemplate('node-service');
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: {
          name: 'billing-api',
          description: 'Sends invoices',
          owner: 'group:default/team-payments',
          system: 'system:default/commerce',
          costCenter: 'CC-2001',
          tier: 'backend',
          compliance: ['pci-dss', 'gdpr'],
          repoUrl: 'github.com?owner=acme&repo=billing-api',
        },
        directoryContents,
      });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const files = Object.fromEntries(
      res.body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    const entity = yaml.load(files['catalog-info.yaml']) as {
      metadata: { name: string; annotations: Record<string, string> };
      spec: { owner: string };
    };
    expect(entity.metadata.name).toBe('billing-api');
    expect(entity.spec.owner).toBe('group:default/team-payments');
    expect(entity.metadata.annotations).toMatchObject({
      'idp-platform/service-id': 'billing-api',
      'idp-platform/cost-center': 'CC-2001',
      'idp-platform/policy-tier': 'backend',
      'idp-platform/compliance': 'pci-dss,gdpr',
    });
    expect(validateIdpAnnotations(entity.metadata.annotations)).toEqual([]);
    expect(res.body.steps.map((s: { id: string }) => s.id)).toEqual([
      'fetch-base',
      'publish',
      'register',
    ]);
  }, 60_000);

  it('dry-runs the mcp-server template into a valid server.json, an annotated entity and the registry step', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        scaffolderIdpModule,
        mcpRegistryPlugin,
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host: 'github.com', token: 'not-used-in-dry-run' }],
            },
          },
        }),
      ],
    });
    const { template, directoryContents } = readTemplate('mcp-server');
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: {
          name: 'weather-mcp',
          description: 'Forecasts for agents',
          namespace: 'io.github.acme',
          owner: 'group:default/team-payments',
          system: 'system:default/commerce',
          costCenter: 'CC-2001',
          repoUrl: 'github.com?owner=acme&repo=weather-mcp',
        },
        directoryContents,
      });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const files = Object.fromEntries(
      res.body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
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
    const entity = yaml.load(files['catalog-info.yaml']) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(entity.metadata.annotations).toMatchObject({
      'idp-platform/mcp-server': 'io.github.acme/weather-mcp',
    });
    expect(validateIdpAnnotations(entity.metadata.annotations)).toEqual([]);
    // The CI workflow is copied as is: its ${{ }} belong to GitHub Actions.
    expect(files['.github/workflows/security-reports.yaml']).toContain(
      '${{ steps.build.outputs.digest }}',
    );
    expect(res.body.steps.map((s: { id: string }) => s.id)).toEqual([
      'fetch-base',
      'publish',
      'register-mcp',
      'register',
    ]);
    expect(JSON.stringify(res.body.log)).toContain(
      'Dry run: io.github.acme/weather-mcp 0.1.0 is a valid server.json',
    );
  }, 60_000);
});
