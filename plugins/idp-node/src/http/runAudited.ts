import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a change as an audit event: the event is created before the work,
 * then marked succeeded, or failed with the error, which is rethrown.
 *
 * @public
 */
export async function runAudited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    request?: Request<any, any, any, any, any>;
    meta?: JsonObject;
    severityLevel?: 'low' | 'medium' | 'high' | 'critical';
  },
  work: () => Promise<T>,
): Promise<T> {
  const audit = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel ?? 'medium',
    request: event.request,
    meta: event.meta,
  });
  try {
    const result = await work();
    await audit.success();
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
