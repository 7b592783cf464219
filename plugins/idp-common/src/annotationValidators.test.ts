import {
  parseComplianceAnnotation,
  validateIdpAnnotations,
} from './annotationValidators';

const messages = (annotations: Record<string, string>) =>
  validateIdpAnnotations(annotations).map(p => `${p.annotation}: ${p.message}`);

describe('validateIdpAnnotations', () => {
  it('accepts the documented forms of every annotation', () => {
    expect(
      validateIdpAnnotations({
        'idp-platform/service-id': 'payments-api',
        'idp-platform/health-check': 'https://payments.example.com/healthz',
        'idp-platform/cost-center': 'CC-1042',
        'idp-platform/compliance': 'soc2, gdpr,hipaa , pci-dss',
        'idp-platform/image-repository':
          'registry.example.com:5000/acme/payments-api',
        'idp-platform/promotion-pipeline': 'standard',
        'idp-platform/policy-tier': 'database',
        'idp-platform/config-name': 'payments-api',
        'idp-platform/mcp-server': 'io.github.acme/weather-tools',
        'backstage.io/techdocs-ref': 'anything goes outside the prefix',
      }),
    ).toEqual([]);
  });

  it('rejects service ids that are not DNS labels', () => {
    expect(messages({ 'idp-platform/service-id': 'Payments_API' })).toEqual([
      expect.stringMatching(/^idp-platform\/service-id: must be a DNS label/),
    ]);
    expect(messages({ 'idp-platform/service-id': 'a'.repeat(64) })).toEqual([
      'idp-platform/service-id: must be at most 63 characters',
    ]);
  });

  it('rejects health checks that are not absolute http URLs', () => {
    expect(messages({ 'idp-platform/health-check': '/healthz' })).toEqual([
      'idp-platform/health-check: must be an absolute http or https URL',
    ]);
    expect(
      messages({ 'idp-platform/health-check': 'ftp://host/health' }),
    ).toHaveLength(1);
  });

  it('reports unknown, empty and repeated compliance regimes', () => {
    expect(
      messages({ 'idp-platform/compliance': 'soc2,,soc2,iso27001' }),
    ).toEqual([
      'idp-platform/compliance: has an empty entry',
      'idp-platform/compliance: lists "soc2" twice',
      'idp-platform/compliance: has unknown regime "iso27001"; allowed: soc2, gdpr, hipaa, pci-dss',
    ]);
  });

  it('rejects image repositories with a tag or digest', () => {
    expect(
      messages({ 'idp-platform/image-repository': 'ghcr.io/acme/app:1.0' }),
    ).toHaveLength(1);
    expect(
      messages({
        'idp-platform/image-repository': 'ghcr.io/acme/app@sha256:abc',
      }),
    ).toHaveLength(1);
  });

  it('rejects unknown tiers, bad cost centers and MCP names without a namespace', () => {
    expect(
      messages({
        'idp-platform/policy-tier': 'edge',
        'idp-platform/cost-center': '#1',
        'idp-platform/mcp-server': 'weather',
      }),
    ).toEqual([
      'idp-platform/policy-tier: must be one of frontend, backend, database, external',
      expect.stringMatching(/^idp-platform\/cost-center: must be 2 to 32/),
      'idp-platform/mcp-server: must be a server.json name such as io.github.acme/weather',
    ]);
  });

  it('reports misspelt keys under the IDP prefix', () => {
    expect(messages({ 'idp-platform/costcenter': 'CC-1' })).toEqual([
      expect.stringMatching(
        /^idp-platform\/costcenter: is not a known IDP annotation/,
      ),
    ]);
  });
});

describe('parseComplianceAnnotation', () => {
  it('lists the regimes of a valid annotation and nothing for an invalid one', () => {
    expect(parseComplianceAnnotation(' soc2 , gdpr')).toEqual(['soc2', 'gdpr']);
    expect(parseComplianceAnnotation('soc2,unknown')).toEqual([]);
    expect(parseComplianceAnnotation(undefined)).toEqual([]);
  });
});
