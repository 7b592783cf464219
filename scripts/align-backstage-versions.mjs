#!/usr/bin/env node
// Pins every @backstage/* dependency of the workspace, and every @backstage/*
// package in yarn.lock (through root "resolutions"), to its version in the
// Backstage release named by backstage.json, and records them in
// scripts/backstage-release-manifest.json for the offline check.
// Without this, caret ranges drift into later releases (create-app's lockfile
// seed cannot be fetched here), mixing releases that do not start together.
//
// A release's versions are those published before its cutoff below; for
// 1.55.0 that reproduces exactly the version map inside @backstage/create-app@0.9.2.
// Needs the npm registry: run it when adding a @backstage/* dependency, then `yarn install`
// and run it again so transitive packages get pinned too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, workspacePackageJsonPaths } from './workspacePackageJsons.mjs';

const releaseCutoffs = { '1.55.0': '2026-09-21T00:00:00Z' };
// Packages whose registry timestamps mislead the cutoff: their release version
// was (re)published after it. Each one's @backstage/* dependency ranges were
// checked to equal the release's versions.
const releaseOverrides = {
  '1.55.0': { '@backstage/backend-dynamic-feature-service': '0.8.7' },
};

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const release = JSON.parse(
  fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
).version;
const cutoff = releaseCutoffs[release];
if (!cutoff)
  throw new Error(`No publish cutoff known for Backstage ${release}`);
const manifestFile = path.join(
  root,
  'scripts',
  'backstage-release-manifest.json',
);


function lockfileBackstagePackages() {
  const lock = path.join(root, 'yarn.lock');
  const names = new Set();
  for (const m of fs
    .readFileSync(lock, 'utf8')
    .matchAll(/^"(@backstage\/[^@"]+)@/gm))
    names.add(m[1]);
  return names;
}

function versionAtRelease(name) {
  const override = releaseOverrides[release]?.[name];
  if (override) return override;
  const times = JSON.parse(
    execFileSync('npm', ['view', '--json', name, 'time'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const versions = Object.entries(times)
    .filter(
      ([version, time]) => /^\d+\.\d+\.\d+$/.test(version) && time <= cutoff,
    )
    .map(([version]) => version.split('.').map(Number))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  if (!versions.length)
    throw new Error(`${name} has no version published before ${cutoff}`);
  return versions[versions.length - 1].join('.');
}

const files = workspacePackageJsonPaths();
const names = lockfileBackstagePackages();
for (const file of files) {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {}))
      if (name.startsWith('@backstage/')) names.add(name);
  }
}
const manifest = {};
for (const name of [...names].sort()) manifest[name] = versionAtRelease(name);

for (const file of files) {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      pkg[field][name] =
        field === 'peerDependencies' ? `^${manifest[name]}` : manifest[name];
    }
  }
  if (file === path.join(root, 'package.json')) {
    const others = Object.entries(pkg.resolutions ?? {}).filter(
      ([name]) => !name.startsWith('@backstage/'),
    );
    pkg.resolutions = Object.fromEntries(
      [...others, ...Object.entries(manifest)].sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
  }
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
fs.writeFileSync(
  manifestFile,
  `${JSON.stringify({ release, packages: manifest }, null, 2)}\n`,
);
console.log(
  `Pinned ${
    Object.keys(manifest).length
  } @backstage/* packages to Backstage ${release}`,
);
