export { DueDate } from './DueDate';
export { isOverdue } from './isOverdue';
