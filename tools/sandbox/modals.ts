import type { FakeSlack, FakeSlackCall, FakeView } from '../slack-standin';
import type { SlackResponse, ViewSubmissionAck } from '../slack-standin/requests';

/**
 * Each person's stack of open modals, as Slack keeps it: views.open starts a stack, views.push and
 * `response_action: push` add to it, `update` replaces the top in place, `clear` closes all, and an empty ack
 * closes the view that was submitted. Inline errors (`response_action: errors`) stay with their view until the
 * next submission.
 */

export interface OpenModal {
  view: FakeView;
  /** block_id → message, from the last `response_action: errors`. */
  errors: Record<string, string>;
  /** Something Slack would show on top of the modal (the app did not answer, or answered an invalid view). */
  problem?: string;
  depth: number;
}

export interface ModalSnapshot {
  stacks: Record<string, string[]>;
  errors: Record<string, Record<string, string>>;
  problems: Record<string, string>;
}

export class ModalStacks {
  private readonly stacks = new Map<string, string[]>();
  private readonly errors = new Map<string, Record<string, string>>();
  private readonly problems = new Map<string, string>();

  constructor(private readonly fake: FakeSlack) {}

  /** Follows views.open / views.push calls (subscribe it to the fake). */
  onCall(call: FakeSlackCall): void {
    if (!call.ok || (call.method !== 'views.open' && call.method !== 'views.push')) return;
    const view = call.response?.view as FakeView | undefined;
    if (!view?.user_id) return;
    if (call.method === 'views.open') this.stacks.set(view.user_id, [view.id]);
    else this.stacks.set(view.user_id, [...this.stack(view.user_id), view.id]);
  }

  top(userId: string): OpenModal | undefined {
    const stack = this.stack(userId);
    const id = stack.at(-1);
    const view = id ? this.fake.view(id) : undefined;
    if (!id || !view) return undefined;
    const problem = this.problems.get(id);
    return { view, errors: this.errors.get(id) ?? {}, depth: stack.length, ...(problem ? { problem } : {}) };
  }

  /**
   * Applies the app's answer to a view_submission of `viewId`. `hashBefore` is the view's hash when it was
   * submitted: Slack applies an answer before any views.update the app sends after it, so when the app has
   * already updated the view (its hash changed), an `update` answer is older than what is shown and is skipped.
   */
  applySubmission(userId: string, viewId: string, res: SlackResponse<unknown, ViewSubmissionAck>, hashBefore?: string): void {
    this.errors.delete(viewId);
    this.problems.delete(viewId);
    if (res.status !== 200) {
      this.problems.set(
        viewId,
        `The app did not accept this (HTTP ${res.status}). Slack would say: "We had some trouble connecting. Try again?"`,
      );
      return;
    }
    const ack = res.json ?? {};
    switch (ack.response_action) {
      case 'errors':
        this.errors.set(viewId, ack.errors ?? {});
        return;
      case 'update':
      case 'push': {
        if (ack.response_action === 'update' && hashBefore && this.fake.view(viewId)?.hash !== hashBefore) return;
        const call = this.fake.acceptResponseView(ack.view, { userId, ...(ack.response_action === 'update' ? { replaceId: viewId } : {}) });
        if (!call.ok) {
          const messages = (call.response?.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
          this.problems.set(viewId, `The app answered with a view Slack would reject (${call.error}): ${messages.join('; ')}`);
          return;
        }
        const pushed = call.response?.view as FakeView | undefined;
        if (ack.response_action === 'push' && pushed) this.stacks.set(userId, [...this.stack(userId), pushed.id]);
        return;
      }
      case 'clear':
        this.stacks.delete(userId);
        return;
      default:
        this.close(userId, viewId);
    }
  }

  /** Closes `viewId` and anything pushed above it (or every view, with `all`). */
  close(userId: string, viewId: string, all = false): void {
    const stack = this.stack(userId);
    const i = stack.indexOf(viewId);
    const rest = all || i < 0 ? [] : stack.slice(0, i);
    if (rest.length > 0) this.stacks.set(userId, rest);
    else this.stacks.delete(userId);
  }

  /** The open stacks, inline errors and problems, as JSON (the sandbox keeps them between runs). */
  snapshot(): ModalSnapshot {
    return {
      stacks: Object.fromEntries(this.stacks),
      errors: Object.fromEntries(this.errors),
      problems: Object.fromEntries(this.problems),
    };
  }

  restore(s: ModalSnapshot): void {
    for (const [user, stack] of Object.entries(s.stacks)) this.stacks.set(user, stack);
    for (const [view, errors] of Object.entries(s.errors)) this.errors.set(view, errors);
    for (const [view, problem] of Object.entries(s.problems)) this.problems.set(view, problem);
  }

  private stack(userId: string): string[] {
    return this.stacks.get(userId) ?? [];
  }
}
