import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import ssri from 'ssri';
import * as tar from 'tar';

type Packument = {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, any>;
  time?: Record<string, string>;
  [key: string]: unknown;
};

const REGISTRY_DIR = path.join(__dirname, 'registry');
const FIXTURE_PLUGIN_DIR = path.join(__dirname, 'fixturePlugin');

/** Fixture folders keep their package.json under this name, so Jest does not see two packages of one name. */
const FIXTURE_MANIFEST = 'package.fixture.json';

/** The folder of the fixture plugin whose entry point throws. */
export const BROKEN_FIXTURE_PLUGIN_DIR = path.join(
  __dirname,
  'fixtureBrokenPlugin',
  '1.0.0',
);

/** The fixture dynamic plugin's package name. */
export const FIXTURE_PLUGIN = '@idp-fixtures/backstage-plugin-hello-backend';

/**
 * A real HTTP server speaking the parts of npm's registry API the plugin
 * manager uses: `GET /-/v1/search`, `GET /<name>` (packuments) and tarball
 * downloads, optionally behind a bearer token. It serves recorded packuments
 * and tarballs of published Backstage plugins (registry/) and packages packed
 * from folders at runtime, and counts every request.
 */
export class LocalNpmRegistry {
  private readonly packuments = new Map<string, Packument>();
  private readonly tarballs = new Map<string, Buffer>();
  private readonly attestations = new Map<string, unknown[]>();
  private server?: http.Server;
  private address?: string;
  /** Every request path, in order. */
  readonly requests: string[] = [];

  constructor(
    private readonly options: {
      token?: string;
      /** False serves no `/-/v1/search`, as some registry proxies do. */
      search?: boolean;
    } = {},
  ) {}

  async start(): Promise<this> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  get url(): string {
    if (!this.address) throw new Error('LocalNpmRegistry is not started');
    return this.address;
  }

  /** Requests for one path, e.g. the packument of a package. */
  countRequests(prefix: string): number {
    return this.requests.filter(r => r.startsWith(prefix)).length;
  }

  /** Serves the recorded packuments and tarballs in registry/ (see its README). */
  loadRecordedPackages(): this {
    const dir = path.join(REGISTRY_DIR, 'packuments');
    for (const file of fs.readdirSync(dir)) {
      const packument = JSON.parse(
        fs.readFileSync(path.join(dir, file), 'utf8'),
      ) as Packument;
      const tarballs: Record<string, Buffer> = {};
      for (const [version, manifest] of Object.entries(packument.versions)) {
        const recorded = path.join(
          REGISTRY_DIR,
          'tarballs',
          path.basename(new URL(manifest.dist.tarball).pathname),
        );
        if (fs.existsSync(recorded)) {
          tarballs[version] = fs.readFileSync(recorded);
        }
      }
      this.publish(packument, tarballs);
    }
    return this;
  }

  /** Publishes a packument; tarball URLs are rewritten to this server. */
  publish(packument: Packument, tarballs: Record<string, Buffer> = {}): this {
    const copy: Packument = JSON.parse(JSON.stringify(packument));
    for (const [version, manifest] of Object.entries(copy.versions)) {
      const file = path.basename(new URL(manifest.dist.tarball).pathname);
      const tarballPath = `/${copy.name}/-/${file}`;
      manifest.dist.tarball = `${this.url}${tarballPath}`;
      if (manifest.dist.attestations) {
        manifest.dist.attestations.url = `${this.url}/-/npm/v1/attestations/${copy.name}@${version}`;
      }
      if (tarballs[version]) this.tarballs.set(tarballPath, tarballs[version]);
    }
    this.packuments.set(copy.name, copy);
    return this;
  }

  /**
   * Packs the folders of fixturePlugin/<version> (or `folders`), whose
   * manifest is package.fixture.json, into
   * tarballs as `npm pack` lays them out and publishes them with their
   * integrity; the newest is `latest`.
   */
  async publishFolderPackage(
    folders: string[] = fs
      .readdirSync(FIXTURE_PLUGIN_DIR)
      .filter(f => /^\d/.test(f))
      .map(f => path.join(FIXTURE_PLUGIN_DIR, f)),
  ): Promise<this> {
    let packument: Packument | undefined;
    const tarballs: Record<string, Buffer> = {};
    for (const folder of folders) {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(folder, FIXTURE_MANIFEST), 'utf8'),
      );
      const tarball = await packFolder(folder);
      const base = manifest.name.split('/').pop();
      tarballs[manifest.version] = tarball;
      packument ??= {
        name: manifest.name,
        'dist-tags': {},
        versions: {},
        time: {},
      };
      packument.versions[manifest.version] = {
        ...manifest,
        dist: {
          integrity: ssri
            .fromData(tarball, { algorithms: ['sha512'] })
            .toString(),
          tarball: `http://placeholder/${manifest.name}/-/${base}-${manifest.version}.tgz`,
        },
      };
      packument['dist-tags'].latest = manifest.version;
      packument.time![manifest.version] = new Date(
        Date.UTC(2026, 0, 1 + Object.keys(packument.versions).length),
      ).toISOString();
    }
    // npm serves the README of the latest version on the packument.
    const readme = path.join(path.dirname(folders[0]), 'README.md');
    if (fs.existsSync(readme))
      packument!.readme = fs.readFileSync(readme, 'utf8');
    return this.publish(packument!, tarballs);
  }

  /** Serves `GET /-/npm/v1/attestations/<name>@<version>` as npm does. */
  serveAttestations(
    name: string,
    version: string,
    attestations: { predicateType: string; bundle: unknown }[],
  ): void {
    this.attestations.set(`${name}@${version}`, attestations);
  }

  /** From now on, serves other bytes than the published integrity describes. */
  tamperTarball(name: string, version: string): void {
    const url = new URL(
      this.packuments.get(name)!.versions[version].dist.tarball,
    );
    const original = this.tarballs.get(url.pathname)!;
    const tampered = Buffer.from(original);
    tampered[tampered.length - 10] ^= 0xff;
    this.tarballs.set(url.pathname, tampered);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(decodeURIComponent(url.pathname) + url.search);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (
      this.options.token &&
      req.headers.authorization !== `Bearer ${this.options.token}`
    ) {
      send(401, { error: 'authentication required' });
      return;
    }
    const pathname = decodeURIComponent(url.pathname);
    if (pathname === '/-/v1/search' && this.options.search !== false) {
      send(200, this.search(url.searchParams));
      return;
    }
    const attestationsPrefix = '/-/npm/v1/attestations/';
    if (pathname.startsWith(attestationsPrefix)) {
      const attestations = this.attestations.get(
        pathname.slice(attestationsPrefix.length),
      );
      if (attestations) send(200, { attestations });
      else send(404, { error: 'Not found' });
      return;
    }
    const tarball = this.tarballs.get(pathname);
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(tarball);
      return;
    }
    const packument = this.packuments.get(pathname.slice(1));
    if (packument) {
      send(200, packument);
      return;
    }
    send(404, { error: 'Not found' });
  }

  private search(params: URLSearchParams) {
    const words = (params.get('text') ?? '').split(/\s+/).filter(Boolean);
    const from = Number(params.get('from') ?? 0);
    const size = Number(params.get('size') ?? 20);
    const matches = [...this.packuments.values()]
      .map(p => p.versions[p['dist-tags'].latest])
      .filter(manifest =>
        words.every(word => {
          const keyword = /^keywords:(.+)$/.exec(word);
          if (keyword) {
            return keyword[1]
              .split(',')
              .some(k => (manifest.keywords ?? []).includes(k));
          }
          return `${manifest.name} ${manifest.description ?? ''} ${(
            manifest.keywords ?? []
          ).join(' ')}`
            .toLowerCase()
            .includes(word.toLowerCase());
        }),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      objects: matches.slice(from, from + size).map(manifest => ({
        package: {
          name: manifest.name,
          version: manifest.version,
          description: manifest.description,
          keywords: manifest.keywords,
          date: this.packuments.get(manifest.name)?.time?.[manifest.version],
          links: { npm: `${this.url}/${manifest.name}` },
          publisher: { username: 'fixture-publisher' },
        },
        score: {
          final: 1,
          detail: { quality: 1, popularity: 1, maintenance: 1 },
        },
        searchScore: 1,
      })),
      total: matches.length,
      time: new Date().toUTCString(),
    };
  }
}

async function packFolder(folder: string): Promise<Buffer> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-pack-'));
  try {
    const contents = path.join(work, 'package');
    fs.cpSync(folder, contents, { recursive: true });
    fs.renameSync(
      path.join(contents, FIXTURE_MANIFEST),
      path.join(contents, 'package.json'),
    );
    const out = path.join(work, 'package.tgz');
    await tar.c(
      {
        gzip: true,
        cwd: contents,
        file: out,
        prefix: 'package',
        portable: true,
      },
      fs.readdirSync(contents),
    );
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
