/**
 * Catalog module of the IDP Platform: validates idp-platform/* annotations.
 *
 * @packageDocumentation
 */
export { catalogModuleIdp as default } from './module';
export {
  IdpAnnotationProcessor,
  COMPLIANCE_TAG_PREFIX,
} from './processors/IdpAnnotationProcessor';
export * from './providers';
