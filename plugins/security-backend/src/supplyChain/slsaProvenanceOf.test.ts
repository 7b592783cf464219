import {
  SLSA_PROVENANCE_V0_2,
  SLSA_PROVENANCE_V1,
  slsaProvenanceOf,
} from './slsaProvenanceOf';

const github = 'https://token.actions.githubusercontent.com';
const generator =
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0';
const userWorkflow =
  'https://github.com/acme/payments/.github/workflows/release.yml@refs/heads/main';

const v1 = (builderId?: string) => ({
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: SLSA_PROVENANCE_V1,
  predicate: {
    buildDefinition: {
      buildType:
        'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
    },
    runDetails: builderId ? { builder: { id: builderId } } : {},
  },
});

const levelOf = (
  statement: object,
  signer = userWorkflow,
  issuer: string | null = github,
  trustedBuilders: Array<{ idPrefix: string; level: number }> = [],
) =>
  slsaProvenanceOf({
    statement,
    signer,
    issuer: issuer ?? undefined,
    trustedBuilders,
  }).level;

describe('slsaProvenanceOf', () => {
  it('gives GitHub-hosted runners level 2 when GitHub signed the provenance, else 1', () => {
    const hosted = v1('https://github.com/actions/runner/github-hosted');
    expect(levelOf(hosted)).toBe(2);
    expect(levelOf(hosted, 'key release-key', null)).toBe(1);
    expect(levelOf(v1('https://github.com/actions/runner/self-hosted'))).toBe(
      1,
    );
  });

  it('gives slsa-github-generator level 3 only when the generator itself signed', () => {
    expect(levelOf(v1(generator), generator)).toBe(3);
    // A user workflow may write any builder id into the statement it signs.
    expect(levelOf(v1(generator), userWorkflow)).toBe(1);
  });

  it('reads v0.2 builder ids and honours configured builders first', () => {
    const v02 = {
      predicateType: SLSA_PROVENANCE_V0_2,
      predicate: { builder: { id: 'https://build.acme.example/hardened' } },
    };
    expect(levelOf(v02)).toBe(1);
    expect(
      levelOf(v02, 'key k', null, [
        { idPrefix: 'https://build.acme.example/', level: 3 },
      ]),
    ).toBe(3);
    expect(
      slsaProvenanceOf({
        statement: v02,
        signer: 'key k',
        trustedBuilders: [],
      }),
    ).toEqual({
      predicateType: SLSA_PROVENANCE_V0_2,
      builderId: 'https://build.acme.example/hardened',
      level: 1,
    });
  });

  it('answers null for other predicates and provenance without a builder', () => {
    expect(
      levelOf({ predicateType: 'https://spdx.dev/Document', predicate: {} }),
    ).toBeNull();
    expect(levelOf(v1())).toBeNull();
    expect(
      levelOf({
        predicateType: SLSA_PROVENANCE_V1,
        predicate: { runDetails: { builder: { id: generator } } },
      }),
    ).toBeNull();
  });
});
