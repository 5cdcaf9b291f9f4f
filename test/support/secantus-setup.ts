import { startSecantus, type Secantus } from './secantus';

/** One secantus-mdb server for the run of `npm run test:secantus`; each test file uses its own database on it. */
export default async function globalSetup(): Promise<void> {
  const server = await startSecantus();
  process.env.IEC_TEST_MONGO_URI = server.uri;
  (globalThis as { __IEC_SECANTUS__?: Secantus }).__IEC_SECANTUS__ = server;
}
