import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readSigstoreVerifierOptions } from './readSigstoreVerifierOptions';
import { SigstoreSignatureVerifier } from './SigstoreSignatureVerifier';

const fixtures = path.join(__dirname, '__fixtures__');
const bundle = () =>
  JSON.parse(
    fs.readFileSync(
      path.join(fixtures, 'sigstore-3.1.0.sigstore.json'),
      'utf8',
    ),
  );
const digest =
  'sha512:669cd60051c816ac85139e9d5ea817fc3903459773fab45c8e8224fd1414e085f4c220afd65f12ed9ad70c770273eb9a7feea8ef0de1da5de0e86606e5328df5';
const workflow =
  'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';
const githubActions = 'https://token.actions.githubusercontent.com';

describe('readSigstoreVerifierOptions', () => {
  it('reads identities and loads the trusted root so the verifier accepts the real bundle', () => {
    const options = readSigstoreVerifierOptions(
      new ConfigReader({
        trustedRootPath: path.join(fixtures, 'trusted_root.json'),
        identities: [
          { subjectAlternativeName: workflow, issuer: githubActions },
        ],
      }),
      'idp.security.signature',
    )!;
    expect(options).toMatchObject({ tlogThreshold: 1, ctlogThreshold: 1 });
    expect(
      new SigstoreSignatureVerifier(options).verify(bundle(), digest).signer,
    ).toBe(workflow);
  });

  it('names the key of an incomplete or unreadable block', () => {
    const read = (data: object) => () =>
      readSigstoreVerifierOptions(new ConfigReader(data), 'idp.x.signature');
    expect(readSigstoreVerifierOptions(undefined, 'idp.x.signature')).toBe(
      undefined,
    );
    expect(read({ tlogThreshold: 1 })).toThrow(
      'idp.x.signature: name at least one of identities or keys',
    );
    expect(
      read({ identities: [{ subjectAlternativeName: workflow }] }),
    ).toThrow('idp.x.signature.trustedRootPath: required');
    expect(
      read({
        trustedRootPath: path.join(fixtures, 'missing.json'),
        identities: [{ subjectAlternativeName: workflow }],
      }),
    ).toThrow(/^idp.x.signature.trustedRootPath: cannot read/);
  });
});
