/**
 * The folder a package is installed into under the dynamic plugins root, as
 * RHDH's install script names it: `@scope/name` becomes `scope-name`.
 */
export function dynamicPluginFolder(packageName: string): string {
  return packageName.replace(/^@/, '').replace('/', '-');
}

/** RHDH's package reference of an npm package: `@scope/name@1.2.3`. */
export function packageReference(packageName: string, version: string): string {
  return `${packageName}@${version}`;
}

/** Splits `@scope/name@1.2.3` into name and version. */
export function parsePackageReference(reference: string): {
  name: string;
  version?: string;
} {
  const at = reference.lastIndexOf('@');
  if (at <= 0) return { name: reference };
  return { name: reference.slice(0, at), version: reference.slice(at + 1) };
}
