import fs from 'node:fs';
import path from 'node:path';
import { parseTrustedRoot } from './parseTrustedRoot';
import { SigstoreSignatureVerifier } from './SigstoreSignatureVerifier';

// The npm provenance of sigstore@3.1.0, signed on GitHub Actions and logged in Rekor.
const fixtures = path.join(__dirname, '__fixtures__');
const bundle = () =>
  JSON.parse(
    fs.readFileSync(
      path.join(fixtures, 'sigstore-3.1.0.sigstore.json'),
      'utf8',
    ),
  );
const trustedRoot = parseTrustedRoot(
  JSON.parse(fs.readFileSync(path.join(fixtures, 'trusted_root.json'), 'utf8')),
);
const digest =
  'sha512:669cd60051c816ac85139e9d5ea817fc3903459773fab45c8e8224fd1414e085f4c220afd65f12ed9ad70c770273eb9a7feea8ef0de1da5de0e86606e5328df5';
const workflow =
  'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';
const githubActions = 'https://token.actions.githubusercontent.com';

const verifierFor = (
  identities: Array<{ subjectAlternativeName: string; issuer?: string }>,
) =>
  new SigstoreSignatureVerifier({
    trustedRoot,
    identities,
    keys: [],
    tlogThreshold: 1,
    ctlogThreshold: 1,
  });

describe('SigstoreSignatureVerifier', () => {
  it('verifies a real npm provenance bundle and returns the signer, issuer and statement', () => {
    const result = verifierFor([
      { subjectAlternativeName: workflow, issuer: githubActions },
    ]).verify(bundle(), digest);
    expect(result.signer).toBe(workflow);
    expect(result.issuer).toBe(githubActions);
    expect(result.statement.predicateType).toBe(
      'https://slsa.dev/provenance/v1',
    );
    expect(result.statement.subject?.[0].name).toBe('pkg:npm/sigstore@3.1.0');
  });

  it('accepts a /regular expression/ identity and refuses other identities', () => {
    expect(
      verifierFor([
        { subjectAlternativeName: '/^https://github.com/sigstore//' },
      ]).verify(bundle(), digest).signer,
    ).toBe(workflow);
    expect(() =>
      verifierFor([
        { subjectAlternativeName: workflow, issuer: 'https://gitlab.com' },
      ]).verify(bundle(), digest),
    ).toThrow();
    expect(() =>
      verifierFor([
        {
          subjectAlternativeName:
            'https://github.com/evil/fork/.github/workflows/release.yml@refs/heads/main',
        },
      ]).verify(bundle(), digest),
    ).toThrow();
  });

  it('refuses a tampered statement and a digest the statement does not name', () => {
    const verifier = verifierFor([{ subjectAlternativeName: workflow }]);
    expect(() =>
      verifier.verify(bundle(), `sha512:${'0'.repeat(128)}`),
    ).toThrow(/does not name/);
    const tampered = bundle();
    const statement = JSON.parse(
      Buffer.from(tampered.dsseEnvelope.payload, 'base64').toString('utf8'),
    );
    statement.predicate.runDetails.builder.id =
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0';
    tampered.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(statement),
    ).toString('base64');
    expect(() => verifier.verify(tampered, digest)).toThrow(
      'DSSE payload hash mismatch',
    );
  });
});
