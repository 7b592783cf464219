import {
  LicenseCount,
  SbomPackage,
} from '@idp-platform/backstage-plugin-idp-common';

/** Packages that declare no license are counted under this name. */
export const UNKNOWN_LICENSE = 'unknown';

/** License counts over an SBOM, most used first. */
export function countLicenses(packages: SbomPackage[]): LicenseCount[] {
  const counts = new Map<string, number>();
  for (const pkg of packages) {
    const licenses = pkg.licenses.length ? pkg.licenses : [UNKNOWN_LICENSE];
    for (const license of new Set(licenses)) {
      counts.set(license, (counts.get(license) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([license, count]) => ({ license, count }))
    .sort((a, b) => b.count - a.count || a.license.localeCompare(b.license));
}
