export { promotionApiRef } from './PromotionApi';
export type {
  ArtifactPage,
  PromotionApi,
  PromotionFilter,
} from './PromotionApi';
export { PromotionClient } from './PromotionClient';
