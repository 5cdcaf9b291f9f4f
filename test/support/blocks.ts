/** Finding buttons on a published Home tab (Slack generates block_ids for blocks published without one). */

type Element = { value?: string; action_id?: string };

/** The block_id of the block holding a button with this value (and action_id, when given). */
export function findBlockId(blocks: unknown[], value: string, actionId?: string): string {
  const matches = (e: Element | undefined) => e?.value === value && (!actionId || e.action_id === actionId);
  const block = (blocks as Array<{ block_id?: string; accessory?: Element; elements?: Element[] }>).find(
    (b) => matches(b.accessory) || b.elements?.some(matches),
  );
  if (!block?.block_id) throw new Error(`no block with a button of value ${value}${actionId ? ` and action ${actionId}` : ''}`);
  return block.block_id;
}
