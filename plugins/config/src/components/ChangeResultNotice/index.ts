export { ChangeResultNotice } from './ChangeResultNotice';
