import { ConfigLayer } from '@idp-platform/backstage-plugin-idp-common';

/** Where a value came from, in words, for the grid's tooltips. */
export function describeConfigLayer(
  layer: ConfigLayer,
  environment: string,
): string {
  switch (layer) {
    case 'global':
      return 'Source: global platform defaults';
    case 'environment':
      return `Source: platform defaults of ${environment}`;
    case 'application':
      return 'Source: application layer (every environment)';
    default:
      return `Source: application layer for ${environment}`;
  }
}
