/** The view in a fake Slack call's answer (`views.open`, `views.push`, `views.update`); throws, failing the test, when there is none. */
export function viewOf<View extends object = { id: string }>(call: { response?: Record<string, unknown> }): View & { id: string } {
  const view = call.response?.view;
  if (typeof view !== 'object' || view === null) throw new Error(`the call's answer holds no view: ${JSON.stringify(call.response)}`);
  return view as View & { id: string };
}
