import {
  ApplicationConfigurationSpec,
  ConfigJsonValue,
  ConfigTree,
} from '@idp-platform/backstage-plugin-idp-common';
import { parseConfigPointer, toConfigPointer } from './configPointer';
import { flattenConfigTree } from './flattenConfigTree';
import { unflattenConfigTree } from './unflattenConfigTree';

/**
 * A spec as paths to its smallest versioned parts: configuration leaves
 * (`/values/database/port`, `/environments/production/database/port`),
 * whole flags (`/flags/new-checkout`), the schema and the delivery settings.
 */
export function flattenSpec(
  spec: ApplicationConfigurationSpec,
): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [pointer, value] of flattenConfigTree(spec.values)) {
    flat.set(`/values${pointer}`, value);
  }
  for (const [environment, tree] of Object.entries(spec.environments)) {
    const prefix = toConfigPointer(['environments', environment]);
    for (const [pointer, value] of flattenConfigTree(tree)) {
      flat.set(`${prefix}${pointer}`, value);
    }
  }
  for (const [key, flag] of Object.entries(spec.flags)) {
    flat.set(toConfigPointer(['flags', key]), flag);
  }
  if (spec.schema) flat.set('/schema', spec.schema);
  if (spec.delivery) flat.set('/delivery', spec.delivery);
  return flat;
}

/** The spec whose flattened form is `flat`. */
export function unflattenSpec(
  flat: Map<string, unknown>,
): ApplicationConfigurationSpec {
  const values: [string, ConfigJsonValue][] = [];
  const environments = new Map<string, [string, ConfigJsonValue][]>();
  const spec: ApplicationConfigurationSpec = {
    values: {},
    environments: {},
    flags: {},
  };
  for (const [path, value] of flat) {
    const [section, name, ...rest] = parseConfigPointer(path);
    if (section === 'values') {
      values.push([toConfigPointer([name, ...rest]), value as ConfigJsonValue]);
    } else if (section === 'environments') {
      const leaves = environments.get(name) ?? [];
      leaves.push([toConfigPointer(rest), value as ConfigJsonValue]);
      environments.set(name, leaves);
    } else if (section === 'flags') {
      spec.flags[name] = value as ApplicationConfigurationSpec['flags'][string];
    } else if (section === 'schema') {
      spec.schema = value as Record<string, unknown>;
    } else if (section === 'delivery') {
      spec.delivery = value as ApplicationConfigurationSpec['delivery'];
    }
  }
  spec.values = unflattenConfigTree(values);
  spec.environments = Object.fromEntries(
    [...environments].map(([name, leaves]): [string, ConfigTree] => [
      name,
      unflattenConfigTree(leaves),
    ]),
  );
  return spec;
}
