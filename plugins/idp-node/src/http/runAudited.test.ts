import { mockServices } from '@backstage/backend-test-utils';
import { runAudited } from './runAudited';

describe('runAudited', () => {
  function recordingAuditor() {
    const events: string[] = [];
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockImplementation(async ({ eventId, meta }) => {
      events.push(`${eventId}:start ${JSON.stringify(meta)}`);
      return {
        success: async () => {
          events.push(`${eventId}:success`);
        },
        fail: async ({ error }) => {
          events.push(`${eventId}:fail ${error.message}`);
        },
      };
    });
    return { auditor, events };
  }

  it('creates the event before the work and marks it succeeded after', async () => {
    const { auditor, events } = recordingAuditor();
    const result = await runAudited(
      auditor,
      { eventId: 'thing-create', meta: { name: 'a' } },
      async () => {
        events.push('work');
        return 42;
      },
    );
    expect(result).toBe(42);
    expect(events).toEqual([
      'thing-create:start {"name":"a"}',
      'work',
      'thing-create:success',
    ]);
  });

  it('marks the event failed with the error and rethrows it', async () => {
    const { auditor, events } = recordingAuditor();
    await expect(
      runAudited(auditor, { eventId: 'thing-delete' }, async () => {
        throw new Error('gone already');
      }),
    ).rejects.toThrow('gone already');
    expect(events).toEqual([
      'thing-delete:start undefined',
      'thing-delete:fail gone already',
    ]);
  });
});
