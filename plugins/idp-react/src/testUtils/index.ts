/**
 * Test doubles for the frontends of the IDP Platform.
 *
 * @packageDocumentation
 */
export { TestSignalApi } from './TestSignalApi';
export { backendErrorResponse } from './backendErrorResponse';
