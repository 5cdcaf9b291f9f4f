import type { NotificationSource, Rendered } from '../scheduler';
import { IMPORT_RECOVERY_KIND, importRecoveryKey } from './ids';
import { getImport, recoverImport, stuckImports } from './service';
import { recoveredMessage } from './views';

/** How long after the stall the author is still told (the import itself is recovered on the first try). */
const TELL_WITHIN_MS = 7 * 24 * 3600_000;

/**
 * Imports whose process died half-way (a replica restarted, or was killed, while applying or rolling back):
 * once its lease has ended, the replica that claims this notification finishes the import (or rolls it back
 * when finishing fails) and tells its author by DM. The scheduler's claim makes that happen once across
 * replicas; the import's own lease keeps a second worker off it. Imports started from the shell are recovered
 * the same way, with nobody to DM.
 */
export const importRecoverySource: NotificationSource = {
  kind: IMPORT_RECOVERY_KIND,

  async plan(window) {
    const stuck = await stuckImports();
    const earliest = window.from.getTime() + 1;
    return stuck.map((s) => {
      // nobody works on it now (its lease may still run when its process is known to be gone): due at once
      const dueAt = new Date(Math.min(Math.max(s.leaseUntil.getTime(), earliest), window.to.getTime()));
      return {
        key: importRecoveryKey(s.id, s.leaseUntil),
        kind: IMPORT_RECOVERY_KIND,
        dueAt,
        expiresAt: new Date(dueAt.getTime() + TELL_WITHIN_MS),
        recipient: { user: s.by },
        about: s.status === 'rolling_back' ? 'an import left half rolled back' : 'an import left half applied',
        ref: { importId: s.id },
      };
    });
  },

  async render(n, ctx): Promise<Rendered> {
    const id = String(n.ref.importId);
    const recovered = await recoverImport(id, ctx.now);
    const summary = recovered?.summary ?? (await getImport(id));
    if (!recovered && (summary.status === 'applying' || summary.status === 'rolling_back')) {
      // a live process took it over meanwhile: try again once it is done or its lease ends
      throw new Error(`import ${id} is being worked on by another process`);
    }
    if (summary.by.startsWith('shell:')) return { skip: `recovered (${recovered?.outcome ?? summary.status}); started from the shell` };
    return {
      message: recoveredMessage(recovered ?? { summary, outcome: summary.status === 'applied' ? 'finished' : 'rolled back' }),
      recipient: { user: summary.by },
    };
  },
};
