// A minimal npm registry for the benchmark: /-/v1/search with paging,
// packuments and tarballs, over generated plugin packages plus one real
// installable package packed from the plugin manager's test fixture.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

const ROLES = [
  'frontend-plugin',
  'backend-plugin',
  'backend-plugin-module',
  'frontend-plugin-module',
  'web-library',
  'node-library',
];
const TOPICS = [
  'catalog',
  'scaffolder',
  'kubernetes',
  'github',
  'techdocs',
  'search',
  'security',
  'cost',
  'argocd',
  'sonarqube',
];
const AUTHORS = [
  'Spotify',
  'Roadie',
  'Red Hat',
  'Backstage Community',
  'ACME Platform Team',
];

function generated(count) {
  const packuments = [];
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const role = ROLES[i % ROLES.length];
    const name = `@bench-${i % 20}/backstage-plugin-${topic}-${i}`;
    const versions = {};
    const time = {};
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
      versions[version] = {
        name,
        version,
        description: `Benchmark ${role} number ${i} for ${topic}`,
        keywords: ['backstage', topic, role.split('-')[0]],
        author: AUTHORS[i % AUTHORS.length],
        main: 'dist/index.cjs.js',
        backstage: { role, pluginId: `${topic}-${i}` },
        dependencies: { '@backstage/backend-plugin-api': '^1.10.0' },
        dist: {
          tarball: `/${name}/-/pkg-${version}.tgz`,
          integrity: 'sha512-AAAA',
        },
      };
      time[version] = new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString();
    }
    packuments.push({ name, 'dist-tags': { latest: '2.0.0' }, versions, time });
  }
  return packuments;
}

async function packFixture(repoRoot) {
  const source = path.join(
    repoRoot,
    'plugins/plugin-manager-backend/src/__testUtils__/fixturePlugin/1.1.0',
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
  const contents = path.join(work, 'package');
  fs.cpSync(source, contents, { recursive: true });
  fs.renameSync(
    path.join(contents, 'package.fixture.json'),
    path.join(contents, 'package.json'),
  );
  const out = path.join(work, 'package.tgz');
  await tar.c(
    { gzip: true, cwd: contents, file: out, prefix: 'package', portable: true },
    fs.readdirSync(contents),
  );
  const tarball = fs.readFileSync(out);
  const manifest = JSON.parse(
    fs.readFileSync(path.join(contents, 'package.json'), 'utf8'),
  );
  fs.rmSync(work, { recursive: true, force: true });
  return { manifest, tarball };
}

export async function startBenchRegistry({ repoRoot, count }) {
  const packuments = new Map(generated(count).map(p => [p.name, p]));
  const tarballs = new Map();
  const fixture = await packFixture(repoRoot);
  const fixtureTarball = `/${fixture.manifest.name}/-/hello-backend-${fixture.manifest.version}.tgz`;
  tarballs.set(fixtureTarball, fixture.tarball);
  packuments.set(fixture.manifest.name, {
    name: fixture.manifest.name,
    'dist-tags': { latest: fixture.manifest.version },
    versions: {
      [fixture.manifest.version]: {
        ...fixture.manifest,
        dist: {
          tarball: fixtureTarball,
          integrity: `sha512-${createHash('sha512')
            .update(fixture.tarball)
            .digest('base64')}`,
        },
      },
    },
    time: { [fixture.manifest.version]: '2026-01-01T00:00:00.000Z' },
  });
  const names = [...packuments.keys()].sort();
  let baseUrl;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const url = new URL(req.url, 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const json = body => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (pathname === '/-/v1/search') {
      const from = Number(url.searchParams.get('from') ?? 0);
      const size = Number(url.searchParams.get('size') ?? 20);
      json({
        objects: names.slice(from, from + size).map(name => {
          const p = packuments.get(name);
          const latest = p.versions[p['dist-tags'].latest];
          return {
            package: {
              name,
              version: latest.version,
              description: latest.description,
              keywords: latest.keywords,
            },
          };
        }),
        total: names.length,
      });
      return;
    }
    if (tarballs.has(pathname)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(tarballs.get(pathname));
      return;
    }
    const packument = packuments.get(pathname.slice(1));
    if (packument) {
      const copy = structuredClone(packument);
      for (const manifest of Object.values(copy.versions)) {
        manifest.dist.tarball = `${baseUrl}${manifest.dist.tarball}`;
      }
      json(copy);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"Not found"}');
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    url: baseUrl,
    fixture: fixture.manifest,
    packages: packuments.size,
    requests: () => requests,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
