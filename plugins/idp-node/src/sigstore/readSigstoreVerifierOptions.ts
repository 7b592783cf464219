import fs from 'node:fs';
import { Config } from '@backstage/config';
import { parseTrustedRoot } from './parseTrustedRoot';
import { SigstoreVerifierOptions } from './SigstoreSignatureVerifier';

/**
 * Reads a signature block such as `idp.promotion.signature` or
 * `idp.security.signature` (trustedRootPath, identities, keys, tlogThreshold,
 * ctlogThreshold) and loads its trusted root. Undefined when the block is
 * absent; an Error naming the key when it is incomplete.
 *
 * @public
 */
export function readSigstoreVerifierOptions(
  config: Config | undefined,
  key: string,
): SigstoreVerifierOptions | undefined {
  if (!config) return undefined;
  const trustedRootPath = config.getOptionalString('trustedRootPath');
  const identities = (config.getOptionalConfigArray('identities') ?? []).map(
    identity => ({
      subjectAlternativeName: identity.getString('subjectAlternativeName'),
      issuer: identity.getOptionalString('issuer'),
    }),
  );
  const keys = (config.getOptionalConfigArray('keys') ?? []).map(entry => ({
    hint: entry.getString('hint'),
    publicKey: entry.getString('publicKey'),
  }));
  if (!identities.length && !keys.length) {
    throw new Error(`${key}: name at least one of identities or keys`);
  }
  if (identities.length && !trustedRootPath) {
    throw new Error(
      `${key}.trustedRootPath: required to verify certificate identities`,
    );
  }
  let trustedRoot: SigstoreVerifierOptions['trustedRoot'];
  if (trustedRootPath) {
    try {
      trustedRoot = parseTrustedRoot(
        JSON.parse(fs.readFileSync(trustedRootPath, 'utf8')),
      );
    } catch (error) {
      throw new Error(
        `${key}.trustedRootPath: cannot read ${trustedRootPath}: ${
          (error as Error).message
        }`,
      );
    }
  }
  return {
    trustedRoot,
    identities,
    keys,
    tlogThreshold: config.getOptionalNumber('tlogThreshold') ?? 1,
    ctlogThreshold: config.getOptionalNumber('ctlogThreshold') ?? 1,
  };
}
