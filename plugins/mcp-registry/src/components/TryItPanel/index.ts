export { TryItPanel, checkToolArguments } from './TryItPanel';
