import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { isIec } from '../../access';
import { actorFrom } from '../../access';
import { searchPartners } from '../../partners';
import { searchSchools } from '../../schools';
import type { AppDeps } from '../../slack/deps';
import { partnerOptions, schoolOptions } from '../views';
import { logged } from './shared';

/** Type-ahead of the commitment form. Answers must come fast: on any failure, no options (and the cause in the log). */

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

export const partnerTypeAhead =
  (deps: AppDeps) =>
  async ({ context, ack, body }: Args): Promise<void> => {
    try {
      const actor = actorFrom(context);
      if (!isIec(actor) && actor.partnerIds.length === 0) return await ack({ options: [] });
      const matches = await searchPartners(body.value ?? '', 20, isIec(actor) ? {} : { ids: actor.partnerIds.map(String) });
      await ack(partnerOptions(matches));
    } catch (err) {
      logged(deps, 'partner type-ahead failed')(err);
      await ack({ options: [] });
    }
  };

export const schoolTypeAhead =
  (deps: AppDeps) =>
  async ({ context, ack, body }: Args): Promise<void> => {
    try {
      const actor = actorFrom(context);
      if (!isIec(actor) && actor.partnerIds.length === 0) return await ack({ options: [] });
      await ack(schoolOptions(await searchSchools(body.value ?? '', 20)));
    } catch (err) {
      logged(deps, 'school type-ahead failed')(err);
      await ack({ options: [] });
    }
  };
