import { NotFoundError, ResponseError } from '@backstage/errors';
import { RegistryConfig } from '../readPluginManagerConfig';

/** The parts of a version document (packument `versions[v]`) the manager reads. */
export interface NpmVersionManifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  author?: string | { name?: string; email?: string };
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  main?: string;
  deprecated?: string;
  backstage?: {
    role?: string;
    pluginId?: string;
    pluginPackage?: string;
    pluginPackages?: string[];
    'supported-versions'?: string;
  };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dist: {
    tarball: string;
    integrity?: string;
    shasum?: string;
    attestations?: { url: string; provenance?: { predicateType: string } };
  };
}

/** A package document as `GET /<name>` returns it. */
export interface NpmPackument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, NpmVersionManifest>;
  time?: Record<string, string>;
  readme?: string;
}

/** One hit of `GET /-/v1/search`. */
export interface NpmSearchObject {
  package: {
    name: string;
    version: string;
    description?: string;
    keywords?: string[];
    date?: string;
    publisher?: { username?: string };
    links?: Record<string, string>;
  };
}

/** `GET /-/v1/search`. */
export interface NpmSearchResult {
  objects: NpmSearchObject[];
  total: number;
}

/** A Sigstore bundle from `GET /-/npm/v1/attestations/<name>@<version>`. */
export interface NpmAttestation {
  predicateType: string;
  bundle: unknown;
}

/**
 * Reads npm registries through their public API: `/-/v1/search`, packuments
 * and tarballs. A scoped package goes to the registry that lists its scope,
 * every other one to the default registry.
 */
export class NpmRegistryClient {
  constructor(private readonly registries: RegistryConfig[]) {}

  list(): RegistryConfig[] {
    return this.registries;
  }

  registryOf(packageName: string): RegistryConfig {
    const scope = packageName.startsWith('@')
      ? packageName.split('/')[0]
      : undefined;
    return (
      (scope && this.registries.find(r => r.scopes.includes(scope))) ||
      this.registries.find(r => r.default)!
    );
  }

  registryNamed(name: string): RegistryConfig {
    const registry = this.registries.find(r => r.name === name);
    if (!registry) {
      throw new NotFoundError(
        `Unknown registry "${name}"; known: ${this.registries
          .map(r => r.name)
          .join(', ')}`,
      );
    }
    return registry;
  }

  async search(
    registry: RegistryConfig,
    text: string,
    from: number,
    size: number,
  ): Promise<NpmSearchResult> {
    const url = `${registry.url}/-/v1/search?text=${encodeURIComponent(
      text,
    )}&from=${from}&size=${size}`;
    const response = await this.fetch(registry, url);
    return (await response.json()) as NpmSearchResult;
  }

  async packument(packageName: string): Promise<NpmPackument> {
    const registry = this.registryOf(packageName);
    const response = await this.fetch(
      registry,
      `${registry.url}/${packageName.replace('/', '%2f')}`,
      `Package ${packageName} is not in registry ${registry.name}`,
    );
    return (await response.json()) as NpmPackument;
  }

  async tarball(packageName: string, tarballUrl: string): Promise<Buffer> {
    const registry = this.registryOf(packageName);
    const response = await this.fetch(
      registry,
      tarballUrl,
      `Tarball ${tarballUrl} not found`,
    );
    return Buffer.from(await response.arrayBuffer());
  }

  async attestations(manifest: NpmVersionManifest): Promise<NpmAttestation[]> {
    if (!manifest.dist.attestations?.url) return [];
    const registry = this.registryOf(manifest.name);
    const response = await this.fetch(registry, manifest.dist.attestations.url);
    const body = (await response.json()) as { attestations?: NpmAttestation[] };
    return body.attestations ?? [];
  }

  private async fetch(
    registry: RegistryConfig,
    url: string,
    notFoundMessage?: string,
  ): Promise<Response> {
    // The token only goes to the registry's own host, never to a tarball CDN elsewhere.
    const sameHost = new URL(url).host === new URL(registry.url).host;
    const response = await fetch(url, {
      headers: {
        accept: 'application/json',
        ...(registry.token && sameHost
          ? { authorization: `Bearer ${registry.token}` }
          : {}),
      },
    });
    if (response.status === 404 && notFoundMessage) {
      throw new NotFoundError(notFoundMessage);
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
