export { RegisterServerForm, validateServerJson } from './RegisterServerForm';
