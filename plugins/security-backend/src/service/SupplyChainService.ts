import { bundleFromJSON } from '@sigstore/bundle';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  ArtifactSignatureStatus,
  ArtifactSupplyChain,
  SignatureUploadResult,
  SupplyChainSignature,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  InTotoStatement,
  SigstoreSignatureVerifier,
} from '@idp-platform/backstage-plugin-idp-node';
import { SecurityStore } from '../database/SecurityStore';
import { countLicenses } from '../supplyChain/countLicenses';
import {
  SlsaBuilderRule,
  SlsaProvenance,
  slsaProvenanceOf,
} from '../supplyChain/slsaProvenanceOf';

function toSignature(status: ArtifactSignatureStatus): SupplyChainSignature {
  return {
    status: status.status,
    reason: status.reason,
    identity: status.signer?.subject,
    issuer: status.signer?.issuer,
    verifiedAt: status.verifiedAt,
  };
}

// What an unverified statement claims, for display only: it earns no level.
function claimedStatement(bundle: unknown): InTotoStatement | undefined {
  try {
    const payload = (bundle as { dsseEnvelope?: { payload?: string } })
      .dsseEnvelope?.payload;
    return payload
      ? JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signatures, provenance and SBOMs of artifacts: verifies uploaded Sigstore
 * bundles, derives the SLSA build level of verified provenance, and answers
 * the supply-chain view of an artifact.
 */
export class SupplyChainService {
  constructor(
    private readonly options: {
      store: SecurityStore;
      /** Undefined when `idp.security.signature` is not configured. */
      verifier?: SigstoreSignatureVerifier;
      trustedBuilders: SlsaBuilderRule[];
      now?: () => Date;
    },
  ) {}

  /**
   * Verifies a bundle over the artifact digest and stores the outcome,
   * verified or invalid with the reason.
   */
  async recordSignature(input: {
    entityRef: string;
    artifactDigest: string;
    bundle: Record<string, unknown>;
  }): Promise<SignatureUploadResult> {
    const { verifier, store, trustedBuilders } = this.options;
    if (!verifier) {
      throw new ServiceUnavailableError(
        'Signatures cannot be verified: idp.security.signature is not configured',
      );
    }
    try {
      bundleFromJSON(input.bundle);
    } catch (error) {
      throw new InputError(
        `Invalid request: bundle: not a Sigstore bundle: ${
          (error as Error).message
        }`,
      );
    }
    const createdAt = (this.options.now?.() ?? new Date()).toISOString();
    let status: 'verified' | 'invalid';
    let reason: string | undefined;
    let signer: { subject?: string; issuer?: string } | undefined;
    let provenance: SlsaProvenance;
    try {
      const verified = verifier.verify(input.bundle, input.artifactDigest);
      status = 'verified';
      signer = { subject: verified.signer, issuer: verified.issuer };
      provenance = slsaProvenanceOf({
        statement: verified.statement,
        signer: verified.signer,
        issuer: verified.issuer,
        trustedBuilders,
      });
    } catch (error) {
      status = 'invalid';
      reason = (error as Error).message || String(error);
      const claimed = claimedStatement(input.bundle);
      const unverified = claimed
        ? slsaProvenanceOf({ statement: claimed, signer: '', trustedBuilders })
        : { level: null };
      provenance = { ...unverified, level: null };
    }
    await store.insertSignature({
      entityRef: input.entityRef,
      artifactDigest: input.artifactDigest,
      status,
      reason,
      signer,
      predicateType: provenance.predicateType,
      builderId: provenance.builderId,
      slsaLevel: provenance.level ?? undefined,
      bundle: JSON.stringify(input.bundle),
      createdAt,
    });
    return {
      signature: {
        status,
        reason,
        identity: signer?.subject,
        issuer: signer?.issuer,
        verifiedAt: status === 'verified' ? createdAt : undefined,
      },
      slsaLevel: provenance.level,
      predicateType: provenance.predicateType,
      builderId: provenance.builderId,
    };
  }

  /** The artifact's SBOM, signature and SLSA build level. */
  async supplyChain(filter: {
    entityRef: string;
    artifactDigest: string;
  }): Promise<ArtifactSupplyChain> {
    const { store } = this.options;
    const [sbom, signature] = await Promise.all([
      store.latestSbom(filter),
      store.signatureStatus(filter),
    ]);
    return {
      sbom: sbom
        ? {
            packages: sbom.packages,
            licenses: countLicenses(sbom.packages),
          }
        : null,
      signature: toSignature(signature),
      slsaLevel:
        signature.status === 'verified' ? signature.slsaLevel ?? null : null,
    };
  }
}
