#!/usr/bin/env node
// Offline check: every @backstage/* dependency in the workspace and every
// @backstage/* package resolved in yarn.lock has the version of the Backstage
// release in backstage.json (as recorded by align-backstage-versions.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, workspacePackageJsonPaths } from './workspacePackageJsons.mjs';

const root = repoRoot;
const release = JSON.parse(
  fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
).version;
const manifest = JSON.parse(
  fs.readFileSync(
    path.join(root, 'scripts', 'backstage-release-manifest.json'),
    'utf8',
  ),
);
const problems = [];
if (manifest.release !== release)
  problems.push(
    `manifest is for ${manifest.release}, backstage.json says ${release}`,
  );

const files = workspacePackageJsonPaths();
for (const file of files) {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      const wanted = manifest.packages[name];
      const ok =
        field === 'peerDependencies'
          ? range === `^${wanted}`
          : range === wanted;
      if (!ok)
        problems.push(
          `${path.relative(
            root,
            file,
          )} ${field}.${name} is ${range}, Backstage ${release} has ${wanted}`,
        );
    }
  }
}
const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
for (const block of lock.split(/\n\n/)) {
  const header = block.match(/^"(@backstage\/[^@"]+)@npm:/m);
  const version = block.match(/^ {2}version: (.+)$/m);
  if (!header || !version) continue;
  const wanted = manifest.packages[header[1]];
  if (version[1] !== wanted)
    problems.push(
      `yarn.lock resolves ${header[1]} to ${version[1]}, Backstage ${release} has ${wanted}`,
    );
}
if (problems.length) {
  console.error(
    `@backstage/* versions differ from Backstage ${release}:\n  ${problems.join(
      '\n  ',
    )}`,
  );
  process.exit(1);
}
console.log(
  `All @backstage/* dependencies and lockfile entries match Backstage ${release}.`,
);
