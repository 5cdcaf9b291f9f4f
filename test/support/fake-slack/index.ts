// The Slack stand-in lives in tools/slack-standin (shared with the sandbox); tests keep importing it from here.
export * from '../../../tools/slack-standin';
