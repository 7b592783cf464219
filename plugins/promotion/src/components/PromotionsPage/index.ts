export { PromotionsContent } from './PromotionsContent';
export { LegacyPromotionsPage } from './LegacyPromotionsPage';
