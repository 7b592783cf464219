import { backendErrorResponse } from './backendErrorResponse';

describe('backendErrorResponse', () => {
  it("answers with the status and the error body of Backstage's error handler", async () => {
    const response = backendErrorResponse(403, 'NotAllowedError', 'Denied');

    expect(response.ok).toBe(false);
    expect([response.status, response.statusText]).toEqual([403, 'Forbidden']);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await response.text())).toEqual({
      error: { name: 'NotAllowedError', message: 'Denied' },
      response: { statusCode: 403 },
    });
  });
});
