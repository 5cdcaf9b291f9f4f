import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IEC_COMMAND } from '../../src/slack/iec-command';

const reference = path.resolve(__dirname, '../../../shared/slack-reference/manifest-schema');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

function manifestValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The top-level schema refers to the versioned schemas by their published URLs; serve them locally.
  for (const version of ['1.0.0', '2.0.0']) {
    const schema = readJson(path.join(reference, 'schemas', `manifest.schema.${version}.json`));
    ajv.addSchema(schema, `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`);
  }
  const top = readJson(path.join(reference, 'manifest.schema.json'));
  return ajv.compile(top);
}

describe.each(['manifest.json', 'manifest.socket-mode.json'])('manifests/%s', (file) => {
  const manifest = readJson(path.resolve(__dirname, '../../manifests', file)) as {
    features: { slash_commands: Array<{ command: string }> };
    oauth_config: { scopes: { bot: string[] } };
    settings: { event_subscriptions: { bot_events: string[] }; socket_mode_enabled: boolean; interactivity: { is_enabled: boolean } };
  };

  it("is valid against Slack's manifest schema", () => {
    const validate = manifestValidator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares the commands, events and scopes the app uses, and no more', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(['/commit', IEC_COMMAND].sort());
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'chat:write',
        'chat:write.public',
        'commands',
        'files:write',
        'files:read',
        'users:read.email',
        'im:write',
        'users:read',
        'channels:read',
        'groups:read',
        'channels:history',
        'groups:history',
        'im:history',
      ].sort(),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(file.includes('socket'));
  });
});

it("the schema really rejects a broken manifest (Slack's own invalid fixture)", () => {
  const validate = manifestValidator();
  expect(validate(readJson(path.join(reference, 'tests/manifests/v1/manifest.invalid.json')))).toBe(false);
});
