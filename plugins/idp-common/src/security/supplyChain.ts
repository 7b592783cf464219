import { z } from 'zod';

/**
 * `POST /signatures`: a Sigstore bundle (JSON) for an artifact digest. A
 * message-signature bundle also needs the signed artifact (base64).
 *
 * @public
 */
export const signatureUploadSchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/, {
    message: 'must be a digest such as sha256:<hex>',
  }),
  bundle: z.record(z.unknown()),
  artifact: z.string().base64().optional(),
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
