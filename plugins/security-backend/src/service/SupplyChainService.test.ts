import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import {
  SigstoreSignatureVerifier,
  parseTrustedRoot,
} from '@idp-platform/backstage-plugin-idp-node';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { SecurityStore } from '../database/SecurityStore';
import { reportParsers } from '../parsers/reportParsers';
import { SupplyChainService } from './SupplyChainService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const fixtures = path.resolve(__dirname, '../supplyChain/__fixtures__');
const examples = path.resolve(__dirname, '../../../../examples/security');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const bundle = () =>
  readJson(path.join(fixtures, 'sigstore-3.1.0.sigstore.json'));
const entityRef = 'component:default/sigstore-js';
// The sha512 the npm provenance statement names (sigstore-3.1.0.tgz).
const digest =
  'sha512:669cd60051c816ac85139e9d5ea817fc3903459773fab45c8e8224fd1414e085f4c220afd65f12ed9ad70c770273eb9a7feea8ef0de1da5de0e86606e5328df5';
const workflow =
  'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';

function tampered() {
  const copy = bundle();
  const statement = JSON.parse(
    Buffer.from(copy.dsseEnvelope.payload, 'base64').toString('utf8'),
  );
  statement.predicate.buildDefinition.externalParameters.workflow.ref =
    'refs/heads/evil';
  copy.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString(
    'base64',
  );
  return copy;
}

async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await SecurityStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  const clock = { now: new Date('2026-11-25T12:00:00.000Z') };
  const service = new SupplyChainService({
    store,
    verifier: new SigstoreSignatureVerifier({
      trustedRoot: parseTrustedRoot(
        readJson(path.join(fixtures, 'trusted_root.json')),
      ),
      identities: [
        {
          subjectAlternativeName: workflow,
          issuer: 'https://token.actions.githubusercontent.com',
        },
      ],
      keys: [],
      tlogThreshold: 1,
      ctlogThreshold: 1,
    }),
    trustedBuilders: [],
    now: () => clock.now,
  });
  return { store, service, clock };
}

describe.each(databases.eachSupportedId())(
  'SupplyChainService on %s',
  databaseId => {
    it('verifies the real npm provenance bundle and derives SLSA build level 2 from its GitHub-hosted builder', async () => {
      const { service } = await setUp(databaseId);
      const result = await service.recordSignature({
        entityRef,
        artifactDigest: digest,
        bundle: bundle(),
      });
      expect(result).toEqual({
        signature: {
          status: 'verified',
          identity: workflow,
          issuer: 'https://token.actions.githubusercontent.com',
          verifiedAt: '2026-11-25T12:00:00.000Z',
        },
        slsaLevel: 2,
        predicateType: 'https://slsa.dev/provenance/v1',
        builderId: 'https://github.com/actions/runner/github-hosted',
      });
      expect(
        await service.supplyChain({ entityRef, artifactDigest: digest }),
      ).toEqual({
        sbom: null,
        signature: {
          status: 'verified',
          identity: workflow,
          issuer: 'https://token.actions.githubusercontent.com',
          verifiedAt: '2026-11-25T12:00:00.000Z',
        },
        slsaLevel: 2,
      });
    });

    it('stores a tampered copy as invalid with the reason, without a level', async () => {
      const { service } = await setUp(databaseId);
      const result = await service.recordSignature({
        entityRef,
        artifactDigest: digest,
        bundle: tampered(),
      });
      expect(result).toEqual({
        signature: { status: 'invalid', reason: 'DSSE payload hash mismatch' },
        slsaLevel: null,
        predicateType: 'https://slsa.dev/provenance/v1',
        builderId: 'https://github.com/actions/runner/github-hosted',
      });
      expect(
        await service.supplyChain({ entityRef, artifactDigest: digest }),
      ).toEqual({
        sbom: null,
        signature: { status: 'invalid', reason: 'DSSE payload hash mismatch' },
        slsaLevel: null,
      });
    });

    it('keeps the artifact verified when a later upload is invalid, and missing for other artifacts or entities', async () => {
      const { service, clock } = await setUp(databaseId);
      await service.recordSignature({
        entityRef,
        artifactDigest: digest,
        bundle: bundle(),
      });
      clock.now = new Date('2026-11-26T12:00:00.000Z');
      await service.recordSignature({
        entityRef,
        artifactDigest: digest,
        bundle: tampered(),
      });
      const chain = await service.supplyChain({
        entityRef,
        artifactDigest: digest,
      });
      expect(chain.signature.status).toBe('verified');
      expect(chain.slsaLevel).toBe(2);
      expect(
        await service.supplyChain({
          entityRef: 'component:default/other',
          artifactDigest: digest,
        }),
      ).toEqual({
        sbom: null,
        signature: { status: 'missing' },
        slsaLevel: null,
      });
    });

    it('refuses a bundle that is not a Sigstore bundle with a 400', async () => {
      const { service } = await setUp(databaseId);
      await expect(
        service.recordSignature({
          entityRef,
          artifactDigest: digest,
          bundle: { mediaType: 'text/plain' },
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^Invalid request: bundle: not a Sigstore bundle: /,
        ),
      });
    });

    it("answers the SBOM of the artifact's newest CycloneDX report with license counts", async () => {
      const { store, service } = await setUp(databaseId);
      await store.ingestReport({
        entityRef,
        artifactDigest: digest,
        format: 'cyclonedx',
        now: '2026-11-25T10:00:00.000Z',
        findings: reportParsers.cyclonedx(
          Readable.from([
            fs.readFileSync(
              path.join(examples, 'cyclonedx-trivy-fluentd.cdx.json'),
            ),
          ]),
        ),
      });
      const chain = await service.supplyChain({
        entityRef,
        artifactDigest: digest,
      });
      expect(chain.sbom?.packages.map(p => [p.name, p.licenses])).toEqual([
        ['debian', []],
        ['bash', []],
        ['libidn2-0', []],
        ['activesupport', ['MIT']],
      ]);
      expect(chain.sbom?.licenses).toEqual([
        { license: 'unknown', count: 3 },
        { license: 'MIT', count: 1 },
      ]);
      expect(chain.signature).toEqual({ status: 'missing' });
    });
  },
);
