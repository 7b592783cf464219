/**
 * Security dashboard frontend: an entity "Security" tab (findings with
 * server-side filters, trend, supply chain, waivers and their approvals,
 * compliance export, live refresh) and an organisation dashboard.
 *
 * @packageDocumentation
 */
export { securityPlugin, SecurityPage, EntitySecurityContent } from './plugin';
export * from './api';
