import path from 'node:path';

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
