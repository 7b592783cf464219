import yaml from 'js-yaml';

/** Renders objects as one multi-document YAML, in the order given. */
export function renderPolicyYaml(objects: object[]): string {
  return objects
    .map(object => yaml.dump(object, { noRefs: true, lineWidth: -1 }))
    .join('---\n');
}
