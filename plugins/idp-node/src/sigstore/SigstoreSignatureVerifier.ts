import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import {
  KeyFinderFunc,
  TrustMaterial,
  Verifier,
  VerificationPolicy,
  toSignedEntity,
  toTrustMaterial,
} from '@sigstore/verify';
import { TrustedRoot } from './parseTrustedRoot';

const EMPTY_ROOT = {
  mediaType: '',
  tlogs: [],
  ctlogs: [],
  certificateAuthorities: [],
  timestampAuthorities: [],
} as unknown as TrustedRoot;

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * Who may sign, and what the signatures are checked against (the shape of
 * `idp.promotion.signature` and `idp.security.signature`).
 *
 * @public
 */
export interface SigstoreVerifierOptions {
  trustedRoot?: TrustedRoot;
  identities: Array<{ subjectAlternativeName: string; issuer?: string }>;
  keys: Array<{ hint: string; publicKey: string }>;
  tlogThreshold: number;
  ctlogThreshold: number;
}

/**
 * An in-toto statement as signed in a DSSE bundle.
 *
 * @public
 */
export interface InTotoStatement {
  _type?: string;
  subject?: Array<{ name?: string; digest?: Record<string, string> }>;
  predicateType?: string;
  predicate?: unknown;
}

/**
 * A verified bundle: who signed it and the statement it signs.
 *
 * @public
 */
export interface SigstoreVerification {
  /** The certificate identity (SAN) or `key <hint>`. */
  signer: string;
  /** The OIDC issuer of a certificate signer (Fulcio's issuer extension). */
  issuer?: string;
  statement: InTotoStatement;
}

function toPolicy(identity: {
  subjectAlternativeName: string;
  issuer?: string;
}): VerificationPolicy {
  const san = identity.subjectAlternativeName;
  const pattern = /^\/(.*)\/$/.exec(san);
  return {
    subjectAlternativeName: pattern ? new RegExp(pattern[1]) : san,
    ...(identity.issuer && { extensions: { issuer: identity.issuer } }),
  };
}

/**
 * Verifies a sigstore bundle over an artifact: the signature, the
 * transparency-log entries, the signer (a configured certificate identity or
 * key), and that the signed in-toto statement names the artifact's digest.
 */
export class SigstoreSignatureVerifier {
  private readonly trustMaterial: TrustMaterial;

  constructor(private readonly options: SigstoreVerifierOptions) {
    const keys = new Map(
      options.keys.map(key => [key.hint, createPublicKey(key.publicKey)]),
    );
    const findKey: KeyFinderFunc = hint => {
      const publicKey = keys.get(hint);
      if (!publicKey) throw new Error(`no configured key with hint ${hint}`);
      return { publicKey, validFor: () => true };
    };
    this.trustMaterial = toTrustMaterial(
      options.trustedRoot ?? EMPTY_ROOT,
      findKey,
    );
  }

  /** Returns who signed what; throws an Error saying why the bundle is not acceptable. */
  verify(bundleJson: unknown, digest: string): SigstoreVerification {
    const bundle = bundleFromJSON(bundleJson);
    if (bundle.content.$case !== 'dsseEnvelope') {
      throw new Error(
        'the bundle holds a message signature; an image is attested with a DSSE in-toto statement',
      );
    }
    const envelope = bundle.content.dsseEnvelope;
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
      throw new Error(
        `the bundle's payload is ${envelope.payloadType}, not an in-toto statement`,
      );
    }
    const [algorithm, hex] = digest.split(':');
    const statement: InTotoStatement = JSON.parse(
      Buffer.from(envelope.payload).toString('utf8'),
    );
    const subjects: Array<{ digest?: Record<string, string> }> =
      statement.subject ?? [];
    if (!subjects.some(subject => subject.digest?.[algorithm] === hex)) {
      throw new Error(`the signed statement does not name ${digest}`);
    }

    const verifier = new Verifier(this.trustMaterial, {
      tlogThreshold: this.options.tlogThreshold,
      ctlogThreshold: this.options.ctlogThreshold,
    });
    const entity = toSignedEntity(bundle);
    if (entity.key.$case === 'public-key') {
      verifier.verify(entity);
      return { signer: `key ${entity.key.hint}`, statement };
    }
    if (!this.options.identities.length) {
      throw new Error('signed by a certificate, but no identity is trusted');
    }
    let lastError: unknown;
    for (const identity of this.options.identities) {
      try {
        const signer = verifier.verify(entity, toPolicy(identity));
        return {
          signer:
            signer.identity?.subjectAlternativeName ??
            identity.subjectAlternativeName,
          issuer: signer.identity?.extensions?.issuer,
          statement,
        };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
