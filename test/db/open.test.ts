import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '../../src/db/embedded/launcher';
import { findRunningServer, readServerFile, serverFilePath } from '../../src/db/embedded/server-file';
import { DatabaseOpenError, openDatabase } from '../../src/db/open';

describe('openDatabase on the embedded server', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-open-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('publishes the server it starts, and a second opener shares it instead of opening the files again', async () => {
    const owner = await openDatabase({ dataDir, production: false }, { publish: true });
    try {
      expect(owner.via).toBe('own');
      const published = readServerFile(dataDir);
      expect(published).toMatchObject({ ownerPid: process.pid });
      expect(await findRunningServer(dataDir)).toEqual(published);
      expect(owner.uri).toBe(`${published?.uri}/iec-bot`);
    } finally {
      await owner.close();
    }
    expect(readServerFile(dataDir)).toBeUndefined();
  }, 60_000);

  it('says in one line what to do when another process holds the files without sharing them', async () => {
    const holder = await startEmbeddedMongo({ dataDir });
    try {
      const failure = await openDatabase({ dataDir, production: false }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(DatabaseOpenError);
      const message = (failure as Error).message;
      expect(message).toMatch(new RegExp(`the embedded database in ${dataDir} is open in another process`));
      expect(message).not.toMatch(/\n|Exception|at org\./);
    } finally {
      await holder.stop();
    }
    expect(serverFilePath(dataDir).startsWith(dataDir)).toBe(true);
  }, 60_000);

  it('refuses the embedded server in production', async () => {
    await expect(openDatabase({ dataDir, production: true })).rejects.toThrow(/MONGODB_URI is required when NODE_ENV=production/);
  });
});
