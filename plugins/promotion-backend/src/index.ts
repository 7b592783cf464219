/**
 * Promotion backend: immutable artifacts promoted stage by stage through
 * gates and approvals, deployed to Kubernetes, verified, rolled back.
 *
 * @packageDocumentation
 */
export { promotionPlugin as default } from './plugin';
