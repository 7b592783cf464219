// A plain Backstage (examples/plain-backstage: create-app's backend, none of the
// IDP code compiled in) loads the IDP Platform from the exported dynamic plugin
// packages: every IDP backend route family answers, the catalog and scaffolder
// modules take part, and every frontend plugin is served as a module federation remote.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser,
  screenshot,
  withFailureScreenshot,
} from './browser.mjs';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const plainDir = path.join(root, 'examples/plain-backstage');
const pluginsRoot = path.join(plainDir, 'dynamic-plugins-root');
const exportDir = path.join(root, 'dist-dynamic');
const BASE = 'http://localhost:7017';
const resultsDir =
  process.env.IDP_RESULTS_DIR ?? path.join(root, 'test-results');

let backend;
let token;
let exported;

async function waitFor(url, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (backend.exitCode !== null)
      throw new Error(
        `the plain backend exited (${backend.exitCode}), see plain-backstage.log`,
      );
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out waiting for ${url}`);
}

async function api(method, pathname, body) {
  const response = await fetch(`${BASE}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('a plain Backstage with the IDP Platform as dynamic plugins', () => {
  before(async () => {
    execFileSync(
      'node',
      ['scripts/export-dynamic-plugins.mjs', '--out', exportDir],
      { cwd: root, stdio: 'inherit' },
    );
    exported = JSON.parse(
      fs.readFileSync(path.join(exportDir, 'index.json'), 'utf8'),
    );
    // Install as an existing Backstage would: check each tarball's integrity, then unpack it.
    for (const entry of fs.readdirSync(pluginsRoot)) {
      if (entry !== 'README.md')
        fs.rmSync(path.join(pluginsRoot, entry), {
          recursive: true,
          force: true,
        });
    }
    for (const { tarball, integrity, folder } of exported) {
      const bytes = fs.readFileSync(path.join(exportDir, tarball));
      assert.equal(
        `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`,
        integrity,
        tarball,
      );
      fs.mkdirSync(path.join(pluginsRoot, folder));
      execFileSync('tar', [
        '-xzf',
        path.join(exportDir, tarball),
        '--strip-components=1',
        '-C',
        path.join(pluginsRoot, folder),
      ]);
    }
    // The plain frontend, built as a stock Backstage app and served by the plain backend's app-backend.
    execFileSync(
      'yarn',
      [
        'backstage-cli',
        'package',
        'build',
        '--config',
        '../../app-config.yaml',
      ],
      {
        cwd: path.join(plainDir, 'packages/app'),
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const log = fs.openSync(path.join(resultsDir, 'plain-backstage.log'), 'w');
    backend = spawn(
      'yarn',
      [
        'backstage-cli',
        'package',
        'start',
        '--config',
        '../../app-config.yaml',
      ],
      {
        cwd: path.join(plainDir, 'packages/backend'),
        stdio: ['ignore', log, log],
        detached: true,
      },
    );
    await waitFor(`${BASE}/.backstage/health/v1/readiness`, 300);
    const refresh = await fetch(`${BASE}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    token = (await refresh.json()).backstageIdentity.token;
  });

  after(() => {
    if (backend && backend.exitCode === null)
      process.kill(-backend.pid, 'SIGTERM');
  });

  it('exports every IDP plugin with an integrity hash and an RHDH dynamic-plugins.yaml', () => {
    const roles = Object.fromEntries(exported.map(e => [e.package, e.role]));
    for (const feature of [
      'config',
      'promotion',
      'security',
      'mcp-registry',
      'policy',
      'plugin-manager',
    ]) {
      assert.equal(
        roles[`@idp-platform/backstage-plugin-${feature}-backend`],
        'backend-plugin',
        feature,
      );
      assert.equal(
        roles[`@idp-platform/backstage-plugin-${feature}`],
        'frontend-plugin',
        feature,
      );
    }
    assert.equal(
      roles['@idp-platform/backstage-plugin-catalog-backend-module-idp'],
      'backend-plugin-module',
    );
    assert.equal(
      roles['@idp-platform/backstage-plugin-scaffolder-backend-module-idp'],
      'backend-plugin-module',
    );
    const yamlText = fs.readFileSync(
      path.join(exportDir, 'dynamic-plugins.yaml'),
      'utf8',
    );
    for (const { integrity } of exported)
      assert.ok(yamlText.includes(integrity));
    for (const entry of exported.filter(e => e.role !== 'frontend-plugin')) {
      const manifest = JSON.parse(
        fs.readFileSync(
          path.join(pluginsRoot, entry.folder, 'package.json'),
          'utf8',
        ),
      );
      assert.deepEqual(
        Object.keys(manifest.dependencies ?? {}),
        [],
        `${entry.package} bundles its dependencies`,
      );
      assert.ok(
        Object.keys(manifest.peerDependencies).every(name =>
          name.startsWith('@backstage/'),
        ),
      );
    }
  });

  it('answers on every IDP backend route family', async () => {
    const calls = [
      [
        'GET',
        '/api/mcp-registry/v0.1/servers',
        body => assert.ok(Array.isArray(body.servers)),
      ],
      ['GET', '/api/mcp-registry/deployments', body => assert.ok(body)],
      [
        'GET',
        '/api/config/applications',
        body => assert.ok(Array.isArray(body.items)),
      ],
      [
        'GET',
        '/api/promotion/approvals',
        body => assert.ok(Array.isArray(body.items)),
      ],
      [
        'GET',
        '/api/promotion/artifacts?entityRef=component:default/payments-api',
        body => assert.ok(body),
      ],
      [
        'GET',
        '/api/security/summary',
        body => assert.ok(Array.isArray(body.byOwner)),
      ],
      ['GET', '/api/security/findings/trend', body => assert.ok(body)],
      [
        'GET',
        '/api/policy/policies',
        body => assert.ok(Array.isArray(body.items)),
      ],
      ['GET', '/api/plugin-manager/installed', body => assert.ok(body)],
    ];
    for (const [method, pathname, check] of calls) {
      const { status, body } = await api(method, pathname);
      assert.equal(
        status,
        200,
        `${method} ${pathname}: ${JSON.stringify(body)}`,
      );
      check(body);
    }
    // A write through a dynamically loaded plugin: validation and the 400 naming the field.
    const invalid = await api(
      'POST',
      '/api/config/applications/payments-api/values',
      {},
    );
    assert.equal(invalid.status, 400, JSON.stringify(invalid.body));
    assert.equal(invalid.body.error.name, 'InputError');
  });

  it('adds the idp:* scaffolder actions and the MCP servers to the stock catalog', async () => {
    const { body: actions } = await api('GET', '/api/scaffolder/v2/actions');
    const ids = actions.map(action => action.id);
    for (const id of [
      'idp:mcp:register',
      'idp:promotion:register',
      'idp:config:create',
      'idp:policy:create',
    ]) {
      assert.ok(
        ids.includes(id),
        `${id} in ${ids.filter(i => i.startsWith('idp:'))}`,
      );
    }
    let entities = [];
    for (let i = 0; i < 90 && entities.length === 0; i++) {
      ({ body: entities } = await api(
        'GET',
        '/api/catalog/entities?filter=kind=API,spec.type=mcp-server',
      ));
      if (entities.length === 0)
        await new Promise(resolve => setTimeout(resolve, 1000));
    }
    assert.ok(
      entities.some(e => e.metadata.annotations?.['idp-platform/mcp-server']),
      JSON.stringify(entities).slice(0, 300),
    );
  });

  it('serves every IDP frontend plugin as a module federation remote', async () => {
    const remotes = await (
      await fetch(`${BASE}/.backstage/dynamic-features/remotes`)
    ).json();
    const frontends = exported.filter(e => e.role === 'frontend-plugin');
    assert.equal(remotes.length, frontends.length);
    for (const { package: name } of frontends) {
      const remote = remotes.find(r => r.packageName === name);
      assert.ok(remote, `${name} is served`);
      assert.ok(
        remote.exposedModules.includes('alpha'),
        `${name} exposes its new-frontend-system feature`,
      );
      const manifest = await (await fetch(remote.remoteInfo.entry)).json();
      const entry = new URL(
        manifest.metaData.remoteEntry.name,
        remote.remoteInfo.entry,
      );
      const script = await fetch(entry);
      assert.equal(script.status, 200, entry.href);
    }
  });

  it('mounts every IDP page in the plain frontend', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
      });
      await page.goto(BASE);
      await page
        .getByRole('button', { name: /enter/i })
        .click({ timeout: 120_000 });
      const pages = [
        [
          '/config',
          'Configuration',
          /No configurations yet|Application configuration/,
        ],
        [
          '/promotion',
          'Promotions',
          /Recent promotions|Waiting for approval|No promotions/i,
        ],
        ['/security', 'Security', /No scanner reports yet|by team/i],
        ['/mcp-registry', 'MCP Registry', /MCP servers/],
        ['/policy', 'Policies', /Service map|No policies/i],
        ['/plugin-manager', 'Plugins', /Discover/],
      ];
      for (const [pathname, title, content] of pages) {
        const name = `plain-backstage${pathname.replace('/', '-')}`;
        await withFailureScreenshot(page, name, async () => {
          // Within the app, as a user goes: the sidebar item each dynamic plugin's page adds.
          await page
            .getByRole('link', { name: title })
            .first()
            .click({ timeout: 60_000 });
          await page.waitForURL(`${BASE}${pathname}`);
          await page.getByText(content).first().waitFor({ timeout: 60_000 });
          assert.equal(
            await page.getByText('PAGE NOT FOUND').count(),
            0,
            pathname,
          );
          await screenshot(page, name);
        });
      }
    } finally {
      await browser.close();
    }
  });
});
