import { NotFoundError } from '@backstage/errors';
import { LocalNpmRegistry } from '../__testUtils__/LocalNpmRegistry';
import { NpmRegistryClient } from './NpmRegistryClient';

describe('NpmRegistryClient', () => {
  const publicRegistry = new LocalNpmRegistry();
  const privateRegistry = new LocalNpmRegistry({ token: 's3cret' });

  beforeAll(async () => {
    await publicRegistry.start();
    publicRegistry.loadRecordedPackages();
    await privateRegistry.start();
    await privateRegistry.publishFolderPackage();
  });

  afterAll(async () => {
    await publicRegistry.stop();
    await privateRegistry.stop();
  });

  const client = () =>
    new NpmRegistryClient([
      { name: 'default', url: publicRegistry.url, scopes: [], default: true },
      {
        name: 'internal',
        url: privateRegistry.url,
        scopes: ['@idp-fixtures'],
        token: 's3cret',
        default: false,
      },
    ]);

  it('reads a scoped package from the registry that serves its scope, with its token', async () => {
    const packument = await client().packument(
      '@idp-fixtures/backstage-plugin-hello-backend',
    );
    expect(Object.keys(packument.versions)).toEqual(['1.0.0', '1.1.0']);
    const tarball = await client().tarball(
      packument.name,
      packument.versions['1.0.0'].dist.tarball,
    );
    expect(tarball.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('reads other packages from the default registry', async () => {
    const packument = await client().packument(
      '@backstage/plugin-catalog-backend-module-github',
    );
    expect(packument['dist-tags'].latest).toBe('0.14.0');
    await expect(
      client().packument('@backstage/no-such-package'),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('searches with paging as npm does', async () => {
    const registry = client().registryNamed('default');
    const first = await client().search(registry, 'keywords:backstage', 0, 2);
    const second = await client().search(registry, 'keywords:backstage', 2, 2);
    expect(first.total).toBe(4);
    expect(
      [...first.objects, ...second.objects].map(o => o.package.name),
    ).toEqual([
      '@backstage/catalog-model',
      '@backstage/plugin-catalog-backend-module-github',
      '@red-hat-developer-hub/backstage-plugin-global-header',
      '@roadiehq/backstage-plugin-github-pull-requests',
    ]);
  });

  it('fails without the token on a private registry', async () => {
    const anonymous = new NpmRegistryClient([
      { name: 'internal', url: privateRegistry.url, scopes: [], default: true },
    ]);
    await expect(
      anonymous.packument('@idp-fixtures/backstage-plugin-hello-backend'),
    ).rejects.toThrow(/401/);
  });
});
