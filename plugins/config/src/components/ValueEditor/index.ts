export { ValueEditorDialog } from './ValueEditorDialog';
