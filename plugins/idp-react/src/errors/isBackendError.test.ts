import { isBackendError } from './isBackendError';
import { isConflictError } from './isConflictError';
import { isNotAllowedError } from './isNotAllowedError';

const named = (name: string) => Object.assign(new Error('refused'), { name });
const responseError = (statusCode: number, causeName: string) =>
  Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause: named(causeName),
  });

describe('isBackendError', () => {
  it('recognises the error by its status, by its cause and thrown as such', () => {
    expect(
      isBackendError(responseError(403, 'Error'), 'NotAllowedError', 403),
    ).toBe(true);
    expect(
      isBackendError(
        responseError(500, 'NotAllowedError'),
        'NotAllowedError',
        403,
      ),
    ).toBe(true);
    expect(
      isBackendError(named('NotAllowedError'), 'NotAllowedError', 403),
    ).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(
      isBackendError(responseError(400, 'InputError'), 'NotAllowedError', 403),
    ).toBe(false);
    expect(isBackendError(new Error('Forbidden'), 'NotAllowedError', 403)).toBe(
      false,
    );
    // Only a ResponseError carries a status the check may trust.
    expect(
      isBackendError(
        Object.assign(new Error('x'), { statusCode: 403 }),
        'NotAllowedError',
        403,
      ),
    ).toBe(false);
  });
});

describe.each([
  ['isNotAllowedError', isNotAllowedError, 403, 'ConflictError'],
  ['isConflictError', isConflictError, 409, 'NotAllowedError'],
] as const)('%s', (_, isKind, statusCode, otherKind) => {
  it(`recognises a ${statusCode} and not a ${otherKind}`, () => {
    const response = { name: 'ResponseError', statusCode };
    expect(isKind(Object.assign(new Error(), response))).toBe(true);
    expect(isKind(Object.assign(new Error(), { name: otherKind }))).toBe(false);
  });
});
