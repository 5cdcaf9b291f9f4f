import type { Secantus } from './secantus';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __IEC_SECANTUS__?: Secantus }).__IEC_SECANTUS__?.stop();
}
