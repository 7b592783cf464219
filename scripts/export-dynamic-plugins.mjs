#!/usr/bin/env node
// Exports every IDP backend plugin, backend module and frontend plugin as a
// dynamic plugin package that an existing Backstage loads from its
// dynamicPlugins.rootDirectory, without the IDP code compiled into it.
//
//   node scripts/export-dynamic-plugins.mjs [--out dist-dynamic] [plugins/<dir> ...]
//
// Backend packages: one CommonJS bundle (esbuild) of the plugin with its private
// code (idp-common, idp-node) and third-party libraries inside; every @backstage/*
// import stays external and is listed as a peer dependency, so the plugin shares
// the host's framework instances (backend-dynamic-feature-service resolves them
// from the host's node_modules). Migrations and config.d.ts ship beside the bundle.
// Frontend packages: `backstage-cli package build --module-federation`, the
// Backstage tooling that builds a module federation remote, which the host's
// backend-dynamic-feature-service serves to a dynamic frontend loader.
//
// Output, per package: <out>/<folder>/ (the unpacked package, ready to copy into a
// dynamic plugins root) and <out>/<folder>.tgz (npm pack). Then <out>/index.json
// lists each package with its tarball's sha512 integrity, and
// <out>/dynamic-plugins.yaml is the same list in RHDH's dynamic-plugins.yaml form.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';
import yaml from 'js-yaml';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const exportableRoles = new Set([
  'backend-plugin',
  'backend-plugin-module',
  'frontend-plugin',
]);
// Native or optional modules that libraries require lazily; never bundled.
const nativeExternals = [
  'better-sqlite3',
  'sqlite3',
  'pg',
  'pg-native',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'bufferutil',
  'utf-8-validate',
  'cpu-features',
  'ssh2',
  'xmlbuilder2',
  'libxmljs2',
];

function parseArgs(argv) {
  const options = { out: path.join(root, 'dist-dynamic'), packageDirs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = path.resolve(argv[++i]);
    else options.packageDirs.push(path.resolve(argv[i]));
  }
  if (options.packageDirs.length === 0) {
    options.packageDirs = fs
      .readdirSync(path.join(root, 'plugins'))
      .map(dir => path.join(root, 'plugins', dir))
      .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
      .filter(dir =>
        exportableRoles.has(
          readJson(path.join(dir, 'package.json')).backstage?.role,
        ),
      );
  }
  return options;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function folderNameOf(packageName) {
  return `${packageName.replace(/^@/, '').replace(/\//g, '-')}-dynamic`;
}

function copyIfExists(from, to) {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

/** The @backstage/* versions the host must provide, from the source package and its workspace libraries. */
function backstageVersionsOf(packageJson) {
  const versions = {};
  const visit = pkg => {
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      if (name.startsWith('@backstage/')) versions[name] ??= range;
      else if (range.startsWith('workspace:')) {
        const dir = path.join(
          root,
          'plugins',
          name.replace('@idp-platform/backstage-plugin-', ''),
        );
        if (fs.existsSync(path.join(dir, 'package.json')))
          visit(readJson(path.join(dir, 'package.json')));
      }
    }
  };
  visit(packageJson);
  return versions;
}

async function exportBackend(packageDir, packageJson, target) {
  const result = await esbuild.build({
    entryPoints: [path.join(packageDir, 'src/index.ts')],
    outfile: path.join(target, 'dist/index.cjs.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    metafile: true,
    logLevel: 'error',
    external: ['@backstage/*', ...nativeExternals],
    // Libraries published as ES modules read import.meta.url; in the CommonJS bundle it is this file.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: {
      js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
  });
  const imported = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path: request, external } of output.imports) {
      if (external && request.startsWith('@backstage/')) {
        imported.add(request.split('/').slice(0, 2).join('/'));
      }
    }
  }
  const versions = backstageVersionsOf(packageJson);
  const peerDependencies = Object.fromEntries(
    [...imported]
      .sort()
      .map(name => [name, versions[name] ? `^${versions[name]}` : '*']),
  );
  copyIfExists(
    path.join(packageDir, 'migrations'),
    path.join(target, 'migrations'),
  );
  return { main: 'dist/index.cjs.js', peerDependencies };
}

function exportFrontend(packageDir, target) {
  execFileSync(
    'yarn',
    ['backstage-cli', 'package', 'build', '--module-federation'],
    {
      cwd: packageDir,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  fs.cpSync(path.join(packageDir, 'dist'), path.join(target, 'dist'), {
    recursive: true,
  });
  return { main: 'dist/remoteEntry.js', peerDependencies: {} };
}

function pack(target, out) {
  const [{ filename, integrity }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out, target], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const tarball = path.join(out, filename);
  // npm pack reports the sha512 of the tarball in SRI form; check it against the file itself.
  const digest = crypto
    .createHash('sha512')
    .update(fs.readFileSync(tarball))
    .digest('base64');
  if (integrity !== `sha512-${digest}`)
    throw new Error(`integrity mismatch for ${tarball}`);
  return { tarball: filename, integrity };
}

async function main() {
  const { out, packageDirs } = parseArgs(process.argv.slice(2));
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const exported = [];
  for (const packageDir of packageDirs) {
    const packageJson = readJson(path.join(packageDir, 'package.json'));
    const role = packageJson.backstage?.role;
    if (!exportableRoles.has(role)) {
      throw new Error(
        `${packageDir} has role ${role}, which is not exported as a dynamic plugin`,
      );
    }
    const started = Date.now();
    const folder = folderNameOf(packageJson.name);
    const target = path.join(out, folder);
    fs.mkdirSync(target, { recursive: true });
    const built =
      role === 'frontend-plugin'
        ? exportFrontend(packageDir, target)
        : await exportBackend(packageDir, packageJson, target);
    for (const file of ['config.d.ts', 'README.md']) {
      copyIfExists(path.join(packageDir, file), path.join(target, file));
    }
    const manifest = {
      name: packageJson.name,
      version: packageJson.version,
      description: packageJson.description,
      license: packageJson.license,
      main: built.main,
      backstage: packageJson.backstage,
      ...(Object.keys(built.peerDependencies).length
        ? { peerDependencies: built.peerDependencies }
        : {}),
      ...(packageJson.configSchema
        ? { configSchema: packageJson.configSchema }
        : {}),
      repository: packageJson.repository,
      files: fs.readdirSync(target).filter(file => file !== 'package.json'),
    };
    fs.writeFileSync(
      path.join(target, 'package.json'),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    const { tarball, integrity } = pack(target, out);
    exported.push({
      package: packageJson.name,
      version: packageJson.version,
      role,
      folder,
      tarball,
      integrity,
    });
    console.log(
      `${packageJson.name}@${packageJson.version} (${role}) -> ${folder} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
  }
  fs.writeFileSync(
    path.join(out, 'index.json'),
    `${JSON.stringify(exported, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(out, 'dynamic-plugins.yaml'),
    `# Generated by scripts/export-dynamic-plugins.mjs: RHDH's dynamic-plugins.yaml form.\n${yaml.dump(
      {
        plugins: exported.map(entry => ({
          package: `./${entry.tarball}`,
          integrity: entry.integrity,
          disabled: false,
        })),
      },
    )}`,
  );
  console.log(
    `${exported.length} dynamic plugin packages in ${
      path.relative(root, out) || out
    }`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
