import { KubernetesTestResource } from './KubernetesTestResource';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

/**
 * The discovery document at a path (`/api`, `/api/v1`, `/apis`,
 * `/apis/{group}`, `/apis/{group}/{version}`, `/version`), which clients
 * read to map kinds to resource URLs; undefined for other paths.
 */
export function discoveryDocument(
  resources: KubernetesTestResource[],
  segments: string[],
): unknown {
  const [root, group, version] = segments;
  if (segments.length === 1 && root === 'version') {
    return {
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.0-idp-test',
      platform: 'linux/amd64',
    };
  }
  if (segments.length === 1 && root === 'api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [],
    };
  }
  if (segments.length === 2 && root === 'api') {
    return resourceList(resources, '', group);
  }
  if (segments.length === 1 && root === 'apis') {
    const groups = [
      ...new Set(resources.filter(r => r.group).map(r => r.group)),
    ];
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map(g => apiGroup(resources, g)),
    };
  }
  if (segments.length === 2 && root === 'apis') {
    return resources.some(r => r.group === group)
      ? apiGroup(resources, group)
      : undefined;
  }
  if (segments.length === 3 && root === 'apis') {
    return resourceList(resources, group, version);
  }
  return undefined;
}

function apiGroup(resources: KubernetesTestResource[], group: string) {
  const versions = [
    ...new Set(resources.filter(r => r.group === group).map(r => r.version)),
  ].map(version => ({ groupVersion: `${group}/${version}`, version }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions,
    preferredVersion: versions[0],
  };
}

function resourceList(
  resources: KubernetesTestResource[],
  group: string,
  version: string,
) {
  const served = resources.filter(
    r => r.group === group && r.version === version,
  );
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.map(r => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
    })),
  };
}
