import { z } from 'zod';

/** An OCI digest such as `sha256:<hex>`. @public */
export const ARTIFACT_DIGEST_PATTERN = /^[a-z0-9]+:[a-f0-9]{32,}$/;

// Docker reference grammar: optional registry host (with port), then lowercase path components.
const IMAGE_REPOSITORY_PATTERN =
  /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * What CI sends to register a built artifact (`POST /artifacts`). The
 * artifact's id is the SHA-256 of image repository, tag, digest and commit.
 *
 * @public
 */
export const artifactRegistrationSchema = z.object({
  /** The component the artifact belongs to, e.g. `component:default/payments-api`. */
  entityRef: z.string().min(1),
  imageRepository: z
    .string()
    .regex(
      IMAGE_REPOSITORY_PATTERN,
      'must be an image repository without tag or digest, e.g. ghcr.io/acme/payments-api',
    ),
  tag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag'),
  digest: z
    .string()
    .regex(ARTIFACT_DIGEST_PATTERN, 'must be a digest such as sha256:<hex>'),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/, 'must be a git commit SHA (lowercase hex)'),
  /** User entity refs of the commit authors; they may not approve this artifact. */
  committers: z.array(z.string().min(1)).max(100).optional(),
  /** Where and how it was built, e.g. `{buildUrl, builder, sourceRepository}`. */
  provenance: z.record(z.unknown()).optional(),
  /** A sigstore bundle (JSON) whose in-toto statement names the digest as subject. */
  signatureBundle: z.record(z.unknown()).optional(),
});

/** @public */
export type ArtifactRegistration = z.infer<typeof artifactRegistrationSchema>;

/**
 * An immutable, registered build of a component.
 *
 * @public
 */
export interface Artifact {
  /** SHA-256 (hex) of image repository, tag, digest and commit. */
  id: string;
  entityRef: string;
  imageRepository: string;
  tag: string;
  digest: string;
  commit: string;
  /** What is deployed: `<repository>:<tag>@<digest>`. */
  imageReference: string;
  committers: string[];
  provenance?: Record<string, unknown>;
  /** Whether a signature bundle was registered with it. */
  signed: boolean;
  createdBy?: string;
  createdAt: string;
}

/**
 * Per-environment facts about an artifact, derived from its promotions.
 *
 * @public
 */
export interface ArtifactFacts {
  /** Environments it runs in now, and since when. */
  currentlyIn: Record<string, { since: string }>;
  /** Environments where it was verified; `longestSoak` is an ISO 8601 duration. */
  verifiedIn: Record<string, { verifiedAt: string; longestSoak: string }>;
  /** Environments where its promotion was approved, by whom. */
  approvedFor: Record<string, { by: string[]; at: string }>;
}

/** @public */
export interface ArtifactWithFacts extends Artifact {
  facts: ArtifactFacts;
}

/** @public */
export const artifactListQuerySchema = z.object({
  entityRef: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

/** @public */
export type ArtifactListQuery = z.infer<typeof artifactListQuerySchema>;
