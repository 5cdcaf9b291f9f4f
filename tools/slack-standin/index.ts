export { FakeSlack, type ResponseUrlContext } from './fake-slack';
export {
  checkBlocks,
  checkMessage,
  checkView,
  findMessageProblems,
  findViewProblems,
  formatProblem,
  LIMITS,
  type Problem,
  type Surface,
} from './limits';
export { messageProblems, validateMessage, validateView, viewProblems } from './block-kit';
export type * from './types';
export type { WorkspaceSnapshot } from './workspace';
