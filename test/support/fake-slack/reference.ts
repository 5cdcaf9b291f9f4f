// Moved to src/sandbox/slack/reference.ts (the sandbox's engine); kept so existing test imports keep working.
export * from '../../../src/sandbox/slack/reference';
