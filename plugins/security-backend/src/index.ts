/**
 * Security backend: scanner report ingestion (Trivy, CycloneDX, SARIF),
 * deduplicated findings, the per-environment CVSS policy and the promotion
 * gate.
 *
 * @packageDocumentation
 */
export { securityPlugin as default } from './plugin';
