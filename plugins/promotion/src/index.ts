/**
 * Promotion frontend: a component's pipeline as columns of stages with
 * promote, approve and retry, live through signals; its artifacts and history;
 * and the organisation's Promotions page.
 *
 * @packageDocumentation
 */
export {
  promotionPlugin,
  PromotionsPage,
  EntityPromotionContent,
} from './plugin';
export { isPromotionAvailable } from './isPromotionAvailable';
export * from './api';
