import {
  ConfigComparisonRow,
  ConfigJsonValue,
  ConfigLayer,
  ConfigTree,
  EffectiveConfiguration,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';

const isTree = (value: unknown): value is ConfigTree =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !isSecretRefValue(value);

const escapeSegment = (segment: string) =>
  segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Merges one layer into the tree, recording the layer of every leaf it sets. */
function mergeLayer(
  target: ConfigTree,
  layer: ConfigTree,
  name: ConfigLayer,
  sources: Record<string, ConfigLayer>,
  prefix = '',
) {
  for (const [key, value] of Object.entries(layer)) {
    const path = `${prefix}/${escapeSegment(key)}`;
    for (const known of Object.keys(sources)) {
      if (known === path || known.startsWith(`${path}/`)) {
        if (!isTree(value)) delete sources[known];
      }
    }
    if (value === null) {
      delete target[key];
    } else if (isTree(value)) {
      const existing = target[key];
      const child: ConfigTree = isTree(existing) ? existing : {};
      if (!isTree(existing)) delete sources[path];
      target[key] = child;
      mergeLayer(child, value, name, sources, path);
    } else {
      target[key] = value;
      sources[path] = name;
    }
  }
}

/** The effective configuration of one environment, as the backend merges it. */
export function effectiveConfiguration(
  environment: string,
  layers: [ConfigLayer, ConfigTree][],
): EffectiveConfiguration {
  const values: ConfigTree = {};
  const sources: Record<string, ConfigLayer> = {};
  for (const [name, layer] of layers) {
    mergeLayer(values, JSON.parse(JSON.stringify(layer)), name, sources);
  }
  return { environment, values, sources };
}

function valueAt(tree: ConfigTree, pointer: string): ConfigJsonValue {
  let node: ConfigJsonValue = tree;
  for (const segment of pointer.split('/').slice(1)) {
    node = (node as ConfigTree)[
      segment.replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  return node;
}

/** Keys down, environments across, as the compare route answers. */
export function compareEffective(
  effective: EffectiveConfiguration[],
): ConfigComparisonRow[] {
  const keys = [
    ...new Set(effective.flatMap(e => Object.keys(e.sources))),
  ].sort();
  return keys.map(key => {
    const cells: ConfigComparisonRow['cells'] = {};
    for (const e of effective) {
      cells[e.environment] =
        key in e.sources
          ? {
              present: true,
              value: valueAt(e.values, key),
              source: e.sources[key],
            }
          : { present: false };
    }
    const rendered = Object.values(cells).map(cell =>
      cell.present ? JSON.stringify(cell.value) : undefined,
    );
    return { key, cells, differs: new Set(rendered).size > 1 };
  });
}

/** Sets or removes (`undefined`) the value at a JSON Pointer in a tree. */
export function setValueAt(
  tree: ConfigTree,
  pointer: string,
  value: ConfigJsonValue | undefined,
): ConfigTree {
  const result: ConfigTree = JSON.parse(JSON.stringify(tree));
  const segments = pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = result;
  for (const segment of segments.slice(0, -1)) {
    if (!isTree(node[segment])) node[segment] = {};
    node = node[segment] as ConfigTree;
  }
  const last = segments[segments.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return result;
}
