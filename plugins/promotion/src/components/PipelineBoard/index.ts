export { PipelineBoard } from './PipelineBoard';
