import { Entity } from '@backstage/catalog-model';
import { isPromotionAvailable } from './isPromotionAvailable';

const entityWith = (
  kind: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'payments-api', annotations },
});

describe('isPromotionAvailable', () => {
  it('applies to components with a promotion pipeline or an image repository', () => {
    expect(
      isPromotionAvailable(
        entityWith('Component', {
          'idp-platform/promotion-pipeline': 'standard',
        }),
      ),
    ).toBe(true);
    expect(
      isPromotionAvailable(
        entityWith('Component', {
          'idp-platform/image-repository': 'ghcr.io/acme/payments-api',
        }),
      ),
    ).toBe(true);
  });

  it('does not apply to components without either annotation or to other kinds', () => {
    expect(isPromotionAvailable(entityWith('Component', {}))).toBe(false);
    expect(
      isPromotionAvailable(
        entityWith('System', { 'idp-platform/promotion-pipeline': 'standard' }),
      ),
    ).toBe(false);
  });
});
