import { InTotoStatement } from '@idp-platform/backstage-plugin-idp-node';

/** in-toto predicate types of SLSA provenance this backend reads. */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_PROVENANCE_V0_2 = 'https://slsa.dev/provenance/v0.2';

const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB_HOSTED_RUNNER = 'https://github.com/actions/runner/github-hosted';
const SLSA_GITHUB_GENERATOR =
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/';

/** An operator-trusted builder from `idp.security.slsa.builders`. */
export interface SlsaBuilderRule {
  /** Builder ids starting with this get `level`. */
  idPrefix: string;
  level: number;
}

/** What a provenance attestation says about how an artifact was built. */
export interface SlsaProvenance {
  predicateType?: string;
  builderId?: string;
  /** SLSA build level, or null when the statement is no SLSA provenance. */
  level: number | null;
}

type Json = Record<string, any>;

const withoutRef = (id: string) => id.split('@')[0];

function builderIdOf(statement: InTotoStatement): string | undefined {
  const predicate = (statement.predicate ?? {}) as Json;
  if (statement.predicateType === SLSA_PROVENANCE_V1) {
    if (typeof predicate.buildDefinition?.buildType !== 'string') {
      return undefined;
    }
    const id = predicate.runDetails?.builder?.id;
    return typeof id === 'string' && id ? id : undefined;
  }
  const id = predicate.builder?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * The SLSA build level of a VERIFIED provenance statement (a caller never
 * passes an unverified one):
 * - not SLSA provenance v1 or v0.2, or no builder id (v1 also needs
 *   `buildDefinition.buildType`): null;
 * - a builder id under a configured `idPrefix`: that rule's level;
 * - slsa-github-generator's reusable workflows, signed by that same workflow
 *   through GitHub's OIDC issuer (provenance made outside the user's build): 3;
 * - GitHub-hosted runners, signed through GitHub's OIDC issuer (a hosted
 *   build platform signing its provenance, as npm provenance is): 2;
 * - any other builder: 1 (provenance exists, the platform is not vouched for).
 */
export function slsaProvenanceOf(input: {
  statement: InTotoStatement;
  signer: string;
  issuer?: string;
  trustedBuilders: SlsaBuilderRule[];
}): SlsaProvenance {
  const { statement, signer, issuer } = input;
  const predicateType = statement.predicateType;
  if (
    predicateType !== SLSA_PROVENANCE_V1 &&
    predicateType !== SLSA_PROVENANCE_V0_2
  ) {
    return { predicateType, level: null };
  }
  const builderId = builderIdOf(statement);
  if (!builderId) return { predicateType, level: null };
  const trusted = input.trustedBuilders.find(rule =>
    builderId.startsWith(rule.idPrefix),
  );
  if (trusted) return { predicateType, builderId, level: trusted.level };
  const signedByGitHub = issuer === GITHUB_ACTIONS_ISSUER;
  if (
    builderId.startsWith(SLSA_GITHUB_GENERATOR) &&
    signedByGitHub &&
    withoutRef(signer) === withoutRef(builderId)
  ) {
    return { predicateType, builderId, level: 3 };
  }
  if (builderId === GITHUB_HOSTED_RUNNER && signedByGitHub) {
    return { predicateType, builderId, level: 2 };
  }
  return { predicateType, builderId, level: 1 };
}
