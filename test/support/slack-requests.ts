// Signed Slack requests live in src/sandbox/slack/requests.ts (the sandbox sends them too); tests keep importing them from here.
export * from '../../src/sandbox/slack/requests';
