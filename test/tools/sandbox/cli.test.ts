import { exposureWarning, parseSandboxArgs } from '../../../tools/sandbox/cli';

describe('npm run sandbox arguments', () => {
  it('defaults to port 3000, takes SANDBOX_PORT, and --port over it', () => {
    expect(parseSandboxArgs([], {})).toEqual({ ok: true, port: 3000, fresh: false });
    expect(parseSandboxArgs([], { SANDBOX_PORT: '4100' })).toEqual({ ok: true, port: 4100, fresh: false });
    expect(parseSandboxArgs(['--port', '4200', '--fresh'], { SANDBOX_PORT: '4100' })).toEqual({ ok: true, port: 4200, fresh: true });
  });

  it('says what is wrong with a bad port or an unknown flag', () => {
    expect(parseSandboxArgs(['--port', 'abc'], {})).toEqual({
      ok: false,
      problem: expect.stringContaining('--port: the port must be a whole number'),
    });
    expect(parseSandboxArgs([], { SANDBOX_PORT: '70000' })).toEqual({ ok: false, problem: expect.stringContaining('SANDBOX_PORT') });
    expect(parseSandboxArgs(['--colour'], {})).toEqual({ ok: false, problem: expect.stringContaining('--colour') });
  });

  it('listens beyond this machine only with --host, and warns what that exposes', () => {
    expect(parseSandboxArgs(['--host', '0.0.0.0'], {})).toEqual({ ok: true, port: 3000, fresh: false, host: '0.0.0.0' });
    expect(parseSandboxArgs(['--host', ' '], {})).toEqual({ ok: false, problem: expect.stringContaining('--host needs an address') });
    expect(exposureWarning('0.0.0.0', 3000)).toMatch(/WARNING.*0\.0\.0\.0:3000.*administrator.*127\.0\.0\.1/);
  });
});
