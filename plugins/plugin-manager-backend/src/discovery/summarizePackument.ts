import {
  PluginKind,
  PluginSummary,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  NpmPackument,
  NpmVersionManifest,
} from '../registry/NpmRegistryClient';

/** Which side of Backstage a package.json `backstage.role` belongs to. */
export function kindOfRole(role: string | undefined): PluginKind {
  if (!role) return 'other';
  if (role.startsWith('frontend-')) return 'frontend';
  if (role.startsWith('backend-')) return 'backend';
  if (role.endsWith('-library')) return 'library';
  return 'other';
}

function authorOf(manifest: NpmVersionManifest): string | undefined {
  const author = manifest.author;
  if (!author) return undefined;
  if (typeof author === 'string') return author.replace(/\s*<.*$/, '').trim();
  return author.name;
}

function repositoryUrl(manifest: NpmVersionManifest): string | undefined {
  const repository = manifest.repository;
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  return raw.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The search index entry of a package, from its `latest` version. */
export function summarizePackument(
  packument: NpmPackument,
  registry: string,
  fallbackAuthor?: string,
): PluginSummary | undefined {
  const latest = packument['dist-tags']?.latest;
  const manifest = latest ? packument.versions[latest] : undefined;
  if (!manifest) return undefined;
  const role = manifest.backstage?.role;
  return {
    name: packument.name,
    version: manifest.version,
    description: manifest.description,
    registry,
    role,
    kind: kindOfRole(role),
    pluginId: manifest.backstage?.pluginId,
    author: authorOf(manifest) ?? fallbackAuthor,
    keywords: manifest.keywords ?? [],
    publishedAt: packument.time?.[manifest.version],
    supportedVersions: manifest.backstage?.['supported-versions'],
    links: {
      repository: repositoryUrl(manifest),
      homepage: manifest.homepage,
    },
  };
}
