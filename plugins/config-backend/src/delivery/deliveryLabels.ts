/** Labels on every object the configuration manager delivers. */
export function deliveryLabels(
  application: string,
  version: number,
): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'idp-platform',
    'idp-platform.io/config-name': application,
    'idp-platform.io/config-version': String(version),
  };
}
