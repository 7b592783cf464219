import { createHash } from 'node:crypto';

/** The id of an artifact: SHA-256 (hex) of its image repository, tag, digest and commit. */
export function artifactIdOf(contents: {
  imageRepository: string;
  tag: string;
  digest: string;
  commit: string;
}): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        contents.imageRepository,
        contents.tag,
        contents.digest,
        contents.commit,
      ]),
    )
    .digest('hex');
}
