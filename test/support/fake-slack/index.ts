// The fake Slack Web API lives in src/sandbox/slack (it is also the sandbox's engine); tests keep importing it from here.
export * from '../../../src/sandbox/slack';
