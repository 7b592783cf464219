export { PolicyEditor } from './PolicyEditor';
export type { PolicyEditorProps, PolicyEditorView } from './PolicyEditor';
export { newPolicyText } from './policyDocumentText';
