export { ApplyPanel } from './ApplyPanel';
export { ApplyOutcomeNotice } from './ApplyOutcomeNotice';
