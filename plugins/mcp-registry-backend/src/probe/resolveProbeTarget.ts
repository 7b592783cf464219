import { McpServerJson } from '@idp-platform/backstage-plugin-idp-common';
import path from 'path';
import { resolvePackageArguments } from '../service/resolvePackageArguments';
import { McpProbeTarget } from './createMcpTransport';

/**
 * Chooses how to reach a server: its first remote, else its first stdio npm
 * package. A stdio package runs only when installed next to the backend, or
 * through npx when `allowPackageDownload` is set, so registering a server never
 * makes the backend download and run arbitrary code by default.
 */
export function resolveProbeTarget(
  server: McpServerJson,
  options: { allowPackageDownload: boolean },
): McpProbeTarget | { unreachable: string } {
  const remote = server.remotes?.[0];
  if (remote) {
    return { transport: remote.type, url: remote.url, headers: {} };
  }
  const httpPackage = server.packages?.find(
    pkg => pkg.transport.type !== 'stdio',
  );
  if (httpPackage && httpPackage.transport.type !== 'stdio') {
    const url = httpPackage.transport.url;
    if (/^https?:\/\//.test(url) && !url.includes('{')) {
      return { transport: httpPackage.transport.type, url };
    }
  }
  const stdioPackage = server.packages?.find(
    pkg => pkg.transport.type === 'stdio' && pkg.registryType === 'npm',
  );
  if (!stdioPackage) {
    return { unreachable: 'no remote URL and no stdio npm package to probe' };
  }
  const args = resolvePackageArguments(stdioPackage);
  const env = Object.fromEntries(
    (stdioPackage.environmentVariables ?? [])
      .filter(variable => !variable.isSecret)
      .flatMap(variable => {
        const value = variable.value ?? variable.default;
        return value !== undefined ? [[variable.name, value]] : [];
      }),
  );
  const installed = resolveInstalledBin(stdioPackage.identifier);
  if (installed) {
    return {
      transport: 'stdio',
      command: process.execPath,
      args: [installed, ...args],
      env,
    };
  }
  if (!options.allowPackageDownload) {
    return {
      unreachable: `stdio package ${stdioPackage.identifier} is not installed and idp.mcpRegistry.probe.allowPackageDownload is off`,
    };
  }
  const spec = stdioPackage.version
    ? `${stdioPackage.identifier}@${stdioPackage.version}`
    : stdioPackage.identifier;
  return {
    transport: 'stdio',
    command: 'npx',
    args: ['-y', spec, ...args],
    env,
  };
}

function resolveInstalledBin(identifier: string): string | undefined {
  try {
    const manifestPath = require.resolve(`${identifier}/package.json`);
    const manifest = require(manifestPath);
    const bin =
      typeof manifest.bin === 'string'
        ? manifest.bin
        : Object.values<string>(manifest.bin ?? {})[0];
    return bin ? path.join(path.dirname(manifestPath), bin) : undefined;
  } catch {
    return undefined;
  }
}
