/**
 * Isomorphic types, schemas, permissions and annotations shared by every
 * IDP Platform plugin.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './annotationValidators';
export * from './changeRequests';
export * from './environments';
export * from './permissions';
export * from './severity';
export * from './readEnvironments';
export * from './mcp';
export * from './security';
export * from './config';
export * from './promotion';
export * from './policy';
export * from './pluginManager';
