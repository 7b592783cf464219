import { finding } from '../../testing/InMemorySecurityApi';
import { buildWaiverRequest } from './buildWaiverRequest';

const ENTITY = 'component:default/payments-api';
const NOW = new Date('2026-11-25T12:00:00.000Z');
const JUSTIFICATION = 'Not reachable: the endpoint is disabled';

describe('buildWaiverRequest', () => {
  it('builds the request for the finding vulnerability in its package', () => {
    const { request, problems } = buildWaiverRequest(
      {
        justification: JUSTIFICATION,
        expiresOn: '2026-12-31',
        onlyThisPackage: true,
      },
      ENTITY,
      finding({ vulnerabilityId: 'CVE-2024-0001', packageName: 'openssl' }),
      NOW,
    );
    expect(problems).toEqual({});
    expect(request).toEqual({
      entityRef: ENTITY,
      vulnerabilityId: 'CVE-2024-0001',
      packageName: 'openssl',
      justification: JUSTIFICATION,
      expiresAt: '2026-12-31',
    });
  });

  it('waives every package when not limited to the finding package', () => {
    const { request } = buildWaiverRequest(
      {
        justification: JUSTIFICATION,
        expiresOn: '2026-12-31',
        onlyThisPackage: false,
      },
      ENTITY,
      finding({ packageName: 'openssl' }),
      NOW,
    );
    expect(request?.packageName).toBeUndefined();
  });

  it('refuses a short justification with the schema message', () => {
    const { request, problems } = buildWaiverRequest(
      { justification: 'ok', expiresOn: '2026-12-31', onlyThisPackage: true },
      ENTITY,
      finding({}),
      NOW,
    );
    expect(request).toBeUndefined();
    expect(problems.justification).toBe(
      'Justification must explain why (10+ characters)',
    );
  });

  it('refuses an expiry that is not after today or not a date', () => {
    const form = { justification: JUSTIFICATION, onlyThisPackage: true };
    expect(
      buildWaiverRequest(
        { ...form, expiresOn: '2026-11-25' },
        ENTITY,
        finding({}),
        NOW,
      ).problems.expiresOn,
    ).toBe('Expiry must be after today');
    expect(
      buildWaiverRequest({ ...form, expiresOn: '' }, ENTITY, finding({}), NOW)
        .problems.expiresOn,
    ).toBe('Expiry must be an ISO 8601 date or time');
  });
});
