const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/;

/**
 * Orders two server versions: semantic versions by precedence, anything else
 * is "newer" than what it is compared with, as the official registry treats
 * a non-semver publish as the latest.
 */
export function isNewerVersion(candidate: string, current: string): boolean {
  const a = SEMVER.exec(candidate);
  const b = SEMVER.exec(current);
  if (!a || !b) return true;
  for (let i = 1; i <= 3; i++) {
    const difference = Number(a[i]) - Number(b[i]);
    if (difference !== 0) return difference > 0;
  }
  if (!a[4] && b[4]) return true;
  if (a[4] && !b[4]) return false;
  return (a[4] ?? '').localeCompare(b[4] ?? '', 'en', { numeric: true }) > 0;
}
