import { Artifact } from '@idp-platform/backstage-plugin-idp-common';

/** `sha256:1a2b3c4d5e6f` from a full digest: algorithm and the first 12 hex characters. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest.slice(0, 12);
}

/** `1.4.0 (sha256:1a2b3c4d5e6f)`: the tag and short digest people recognise an artifact by. */
export function formatArtifact(
  artifact: Pick<Artifact, 'tag' | 'digest'>,
): string {
  return `${artifact.tag} (${shortDigest(artifact.digest)})`;
}
