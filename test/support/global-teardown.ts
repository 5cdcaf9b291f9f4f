import type { EmbeddedMongo } from '../../src/db/embedded/launcher';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __IEC_EMBEDDED_MONGO__?: EmbeddedMongo }).__IEC_EMBEDDED_MONGO__?.stop();
}
