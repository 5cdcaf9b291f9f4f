import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { isIec } from '../../access';
import { actorFrom } from '../../access';
import { commissionsOfPartners, searchPartners } from '../../partners';
import { searchSchools } from '../../schools';
import type { AppDeps } from '../../slack/deps';
import { ACTION, BLOCK } from '../ids';
import { searchProgramChoices } from '../program-choices';
import { partnerOptions, programOptions, schoolOptions } from '../views';
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

/**
 * Programs of study for program-support commitments: of the commission picked in the form, when one is. A partner
 * contact sees only the programs of their organisations' commissions (a commission of another: none).
 */
export const programTypeAhead =
  (deps: AppDeps) =>
  async ({ context, ack, body }: Args): Promise<void> => {
    try {
      const actor = actorFrom(context);
      if (!isIec(actor) && actor.partnerIds.length === 0) return await ack({ options: [] });
      const picked = body.view?.state?.values?.[BLOCK.commission]?.[ACTION.commission]?.selected_option?.value || undefined;
      const theirs = isIec(actor) ? undefined : await commissionsOfPartners(actor.partnerIds);
      const scope = picked ? [picked].filter((k) => !theirs || theirs.includes(k)) : theirs;
      await ack(programOptions(await searchProgramChoices(body.value ?? '', scope, 50)));
    } catch (err) {
      logged(deps, 'program type-ahead failed')(err);
      await ack({ options: [] });
    }
  };
