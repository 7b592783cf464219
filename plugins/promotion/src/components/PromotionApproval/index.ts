export { PromotionApproval } from './PromotionApproval';
