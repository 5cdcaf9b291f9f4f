// Moved to src/sandbox/slack/types.ts (the sandbox's engine); kept so existing test imports keep working.
export * from '../../../src/sandbox/slack/types';
