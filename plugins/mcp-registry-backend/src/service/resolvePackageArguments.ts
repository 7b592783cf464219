import { McpServerJson } from '@idp-platform/backstage-plugin-idp-common';

type McpPackage = NonNullable<McpServerJson['packages']>[number];

/**
 * The command-line arguments a package declares, with their values or
 * defaults: named arguments as `--name value`, positional ones as values.
 */
export function resolvePackageArguments(pkg: McpPackage): string[] {
  return (pkg.packageArguments ?? []).flatMap(argument => {
    const value = argument.value ?? argument.default;
    if (argument.type === 'named' && argument.name) {
      return value !== undefined ? [argument.name, value] : [argument.name];
    }
    return value !== undefined ? [value] : [];
  });
}
