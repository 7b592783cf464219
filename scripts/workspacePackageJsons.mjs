// The package.json files of the workspace: the root and every packages/* and plugins/* folder.
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function workspacePackageJsonPaths() {
  const result = [path.join(repoRoot, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(repoRoot, dir))) {
      const file = path.join(repoRoot, dir, name, 'package.json');
      if (fs.existsSync(file)) result.push(file);
    }
  }
  return result;
}
