import { z } from 'zod';

/**
 * `POST /signatures`: a Sigstore bundle (JSON) whose DSSE envelope signs an
 * in-toto statement naming the artifact digest (an attestation such as SLSA
 * provenance).
 *
 * @public
 */
export const signatureUploadSchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/, {
    message: 'must be a digest such as sha256:<hex>',
  }),
  bundle: z.record(z.unknown()),
});

/** @public */
export type SignatureUpload = z.infer<typeof signatureUploadSchema>;

/** @public */
export const SIGNATURE_STATUSES = ['verified', 'invalid', 'missing'] as const;

/** @public */
export type SignatureStatusValue = (typeof SIGNATURE_STATUSES)[number];

/**
 * The signature and provenance state of an artifact.
 *
 * @public
 */
export interface ArtifactSignatureStatus {
  artifactDigest: string;
  status: SignatureStatusValue;
  /** Why a bundle was refused. */
  reason?: string;
  /** Certificate identity (SAN) and OIDC issuer of the signer. */
  signer?: { subject?: string; issuer?: string };
  /** in-toto predicate type of the attestation, if any. */
  predicateType?: string;
  /** SLSA build level 0-3 derived from a verified provenance attestation. */
  slsaLevel?: number;
  builderId?: string;
  verifiedAt?: string;
}

/** One package of an artifact's SBOM. @public */
export interface SbomPackage {
  name: string;
  version?: string;
  purl?: string;
  type?: string;
  licenses: string[];
}

/** @public */
export interface ArtifactSbom {
  artifactDigest: string;
  entityRef: string;
  reportId: string;
  receivedAt: string;
  packages: SbomPackage[];
}

/** How many SBOM packages carry a license. @public */
export interface LicenseCount {
  /** SPDX id or license name; `unknown` for packages that declare none. */
  license: string;
  count: number;
}

/**
 * The signature of an artifact as the entity page shows it.
 *
 * @public
 */
export interface SupplyChainSignature {
  status: SignatureStatusValue;
  /** Why the bundle was refused. */
  reason?: string;
  /** Who signed: the certificate identity (SAN) or `key <hint>`. */
  identity?: string;
  /** OIDC issuer of the signing certificate. */
  issuer?: string;
  verifiedAt?: string;
}

/**
 * `GET /artifacts/supply-chain?entityRef=&artifactDigest=`: the artifact's
 * SBOM (from its newest CycloneDX report), signature and SLSA build level.
 *
 * @public
 */
export interface ArtifactSupplyChain {
  sbom: { packages: SbomPackage[]; licenses: LicenseCount[] } | null;
  signature: SupplyChainSignature;
  /** SLSA build level from verified provenance; null without one. */
  slsaLevel: number | null;
}

/** `POST /signatures` answers 201 with the stored verification. @public */
export interface SignatureUploadResult {
  signature: SupplyChainSignature;
  slsaLevel: number | null;
  predicateType?: string;
  builderId?: string;
}
