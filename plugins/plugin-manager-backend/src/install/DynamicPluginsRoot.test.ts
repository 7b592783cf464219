import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import ssri from 'ssri';
import { DynamicPluginsRoot, IntegrityError } from './DynamicPluginsRoot';
import { FilesystemTransaction } from './FilesystemTransaction';

const NAME = '@acme/backstage-plugin-demo-backend';

async function tarballOf(version: string, work: string): Promise<Buffer> {
  const dir = path.join(work, `src-${version}`);
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: NAME, version, main: 'dist/index.cjs.js' }),
  );
  fs.writeFileSync(path.join(dir, 'dist/index.cjs.js'), `// ${version}\n`);
  const file = path.join(work, `demo-${version}.tgz`);
  await tar.c({ gzip: true, cwd: dir, file, prefix: 'package' }, [
    'package.json',
    'dist',
  ]);
  return fs.readFileSync(file);
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      out.push(
        `${path.relative(dir, full)}${
          entry.isDirectory() ? '/' : `=${fs.readFileSync(full, 'utf8')}`
        }`,
      );
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

describe('DynamicPluginsRoot', () => {
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamic-root-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('undoes every rename and file write of a transaction', async () => {
    const root = await DynamicPluginsRoot.create(path.join(work, 'root'));
    const v1 = await tarballOf('1.0.0', work);
    const v2 = await tarballOf('2.0.0', work);
    const integrity = (data: Buffer) => ssri.fromData(data).toString();

    const first = new FilesystemTransaction();
    const staged1 = await root.stage(v1, {
      name: NAME,
      version: '1.0.0',
      integrity: integrity(v1),
    });
    await root.activate(first, 'acme-demo', staged1.path);
    await root.writeState(
      first,
      { plugins: [{ package: `${NAME}@1.0.0` }] },
      {},
    );
    const before = listing(work);

    const second = new FilesystemTransaction();
    const staged2 = await root.stage(v2, {
      name: NAME,
      version: '2.0.0',
      integrity: integrity(v2),
    });
    const withStaged = listing(work);
    await root.activate(second, 'acme-demo', staged2.path);
    await root.writeState(
      second,
      { plugins: [{ package: `${NAME}@2.0.0` }] },
      {
        a: 1,
      },
    );
    expect(await root.liveVersion('acme-demo')).toBe('2.0.0');
    expect(await root.keptVersions('acme-demo')).toEqual(['1.0.0']);

    await second.rollback();
    expect(listing(work)).toEqual(withStaged);
    await root.discard(staged2);
    expect(listing(work)).toEqual(before);
  });

  it('refuses bytes that do not match the integrity and leaves staging empty', async () => {
    const root = await DynamicPluginsRoot.create(path.join(work, 'root'));
    const v1 = await tarballOf('1.0.0', work);
    await expect(
      root.stage(v1, {
        name: NAME,
        version: '1.0.0',
        integrity: ssri.fromData(Buffer.from('other')).toString(),
      }),
    ).rejects.toBeInstanceOf(IntegrityError);
    expect(
      fs.readdirSync(path.join(work, 'root.plugin-manager/staging')),
    ).toEqual([]);
  });

  it('removes staging folders left by a stopped process an hour ago, not recent ones', async () => {
    const staging = path.join(work, 'root.plugin-manager/staging');
    fs.mkdirSync(path.join(staging, 'old'), { recursive: true });
    fs.mkdirSync(path.join(staging, 'recent'), { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(path.join(staging, 'old'), twoHoursAgo, twoHoursAgo);
    await DynamicPluginsRoot.create(path.join(work, 'root'));
    expect(fs.readdirSync(staging)).toEqual(['recent']);
  });
});
