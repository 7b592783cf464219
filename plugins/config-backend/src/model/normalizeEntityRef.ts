import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';

/** `payments-api` → `component:default/payments-api`; InputError naming the field when unreadable. */
export function normalizeEntityRef(ref: string, field: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(`${field}: ${isError(error) ? error.message : error}`);
  }
}
