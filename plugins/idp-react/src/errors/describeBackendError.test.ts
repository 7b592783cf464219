import { describeBackendError } from './describeBackendError';

/** An error shaped as `ResponseError.fromResponse` builds it. */
function responseError(statusCode: number, name: string, message: string) {
  const cause = Object.assign(new Error(message), { name });
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause,
  });
}

const permission = { name: 'idp.thing.update' };

describe('describeBackendError', () => {
  it('names the missing permission when the backend refuses', () => {
    expect(
      describeBackendError(responseError(403, 'NotAllowedError', 'Denied'), {
        permission,
      }),
    ).toBe(
      'You are not allowed to do this: the permission idp.thing.update is required.',
    );
    expect(
      describeBackendError(
        Object.assign(new Error('Denied'), { name: 'NotAllowedError' }),
        { permission },
      ),
    ).toBe(
      'You are not allowed to do this: the permission idp.thing.update is required.',
    );
  });

  it('says the user is not allowed when the caller names no permission', () => {
    expect(
      describeBackendError(responseError(403, 'NotAllowedError', 'Denied')),
    ).toBe('You are not allowed to do this.');
  });

  it('says what conflicts when the caller knows', () => {
    const conflict = responseError(409, 'ConflictError', 'Promotion p-1 runs');
    expect(
      describeBackendError(conflict, {
        permission,
        conflict: 'Wait for the running promotion.',
      }),
    ).toBe('Wait for the running promotion.');
    expect(describeBackendError(conflict, { permission })).toBe(
      'Promotion p-1 runs',
    );
  });

  it("keeps the backend's own message for other errors", () => {
    expect(
      describeBackendError(
        responseError(400, 'InputError', 'replicas must be at least 1'),
        { permission, conflict: 'Not this one.' },
      ),
    ).toBe('replicas must be at least 1');
    expect(describeBackendError(new Error('Network down'))).toBe(
      'Network down',
    );
  });
});
