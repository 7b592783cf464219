import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { LocalNpmRegistry } from './__testUtils__/LocalNpmRegistry';
import { startPluginManagerBackend } from './__testUtils__/startPluginManagerBackend';

// The real npm provenance bundle of sigstore@3.1.0 and the Sigstore trusted
// root, as idp-node's own verifier tests keep them (not copied here).
const SIGSTORE_FIXTURES = path.resolve(
  __dirname,
  '../../idp-node/src/sigstore/__fixtures__',
);
const WORKFLOW =
  'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';
const GITHUB_ACTIONS = 'https://token.actions.githubusercontent.com';

describe('npm provenance of a downloaded package', () => {
  const registry = new LocalNpmRegistry();
  let workDir: string;

  beforeAll(async () => {
    await registry.start();
    registry.loadRecordedPackages();
    registry.serveAttestations('sigstore', '3.1.0', [
      {
        predicateType: 'https://slsa.dev/provenance/v1',
        bundle: JSON.parse(
          fs.readFileSync(
            path.join(SIGSTORE_FIXTURES, 'sigstore-3.1.0.sigstore.json'),
            'utf8',
          ),
        ),
      },
    ]);
  });
  afterAll(() => registry.stop());
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-manager-prov-'));
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  const start = (subjectAlternativeName: string) =>
    startPluginManagerBackend({
      registry,
      rootDirectory: path.join(workDir, 'root'),
      pluginManager: {
        provenance: {
          trustedRootPath: path.join(SIGSTORE_FIXTURES, 'trusted_root.json'),
          identities: [{ subjectAlternativeName, issuer: GITHUB_ACTIONS }],
        },
      },
    });

  it('verifies the provenance attestation before checking the package', async () => {
    const { server } = await start(WORKFLOW);
    const plan = await request(server)
      .post('/api/plugin-manager/plan')
      .send({ package: 'sigstore' });
    // Verified, then refused for what it is: a library, not a Backstage plugin.
    expect(plan.status).toBe(200);
    expect(plan.body.blocked).toBe(true);
    expect(plan.body.compatibility.reasons).toEqual([
      expect.objectContaining({ code: 'not-a-plugin' }),
    ]);
  });

  it('refuses a package whose provenance names another signer, writing nothing', async () => {
    const { server } = await start(
      'https://github.com/someone-else/fork/.github/workflows/release.yml@refs/heads/main',
    );
    const plan = await request(server)
      .post('/api/plugin-manager/plan')
      .send({ package: 'sigstore' });
    expect(plan.status).toBe(500);
    expect(plan.body.error.message).toMatch(
      /Provenance of sigstore@3.1.0 does not verify/,
    );
    expect(fs.readdirSync(path.join(workDir, 'root'))).toEqual([]);
    expect(
      fs.readdirSync(path.join(workDir, 'root.plugin-manager', 'staging')),
    ).toEqual([]);
  });
});
