/**
 * Slack's hard limits for messages, modals and Home tabs (slack-reference/README.md), checked by walking the
 * payload. Pure: no I/O, no schema. The Block Kit JSON Schema checks structure; this checks what the schema
 * leaves out (50 blocks per message, unique ids, input blocks only in modals, ...) and repeats the length limits
 * so a failing test names the exact field.
 *
 *   expect(checkMessage({ text, blocks })).toEqual([]);   // "Slack would accept this"
 *   expect(checkView(view)).toEqual([]);
 *
 * For structure as well, use `validateMessage` / `validateView` from `./block-kit`.
 */

export type Surface = 'message' | 'modal' | 'home';

/** One problem: a JSON pointer into the checked payload and what is wrong there. */
export interface Problem {
  path: string;
  message: string;
}

export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  messageText: 40_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  id: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  plainTextInputLength: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  actionsElements: 25,
  contextElements: 10,
  inputLabel: 2000,
  radioOrCheckboxOptions: 10,
  overflowOptions: 5,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  markdownBlockText: 12_000,
} as const;

export function formatProblem(p: Problem): string {
  return `${p.path || '/'}: ${p.message}`;
}

/** Problems with a message payload (chat.postMessage / chat.update / response_url body). */
export function checkMessage(payload: unknown): string[] {
  return findMessageProblems(payload).map(formatProblem);
}

/** Problems with a modal or Home tab view (views.open / push / update / publish `view`). */
export function checkView(view: unknown): string[] {
  return findViewProblems(view).map(formatProblem);
}

/** Problems with a list of blocks shown on the given surface. */
export function checkBlocks(blocks: unknown, surface: Surface): string[] {
  const out: Problem[] = [];
  checkBlockList(blocks, surface, '/blocks', out);
  return out.map(formatProblem);
}

export function findMessageProblems(payload: unknown): Problem[] {
  const out: Problem[] = [];
  if (!isRecord(payload)) return [{ path: '', message: 'a message must be an object' }];
  const { text, blocks, attachments } = payload;
  if (text !== undefined && text !== null) {
    if (typeof text !== 'string') out.push({ path: '/text', message: 'text must be a string' });
    else tooLong(text, LIMITS.messageText, '/text', 'message text', out);
  }
  if (blocks !== undefined && blocks !== null) checkBlockList(blocks, 'message', '/blocks', out);
  if (Array.isArray(attachments)) {
    attachments.forEach((att, i) => {
      if (isRecord(att) && att.blocks !== undefined) checkBlockList(att.blocks, 'message', `/attachments/${i}/blocks`, out);
    });
  }
  return out;
}

export function findViewProblems(view: unknown): Problem[] {
  const out: Problem[] = [];
  if (!isRecord(view)) return [{ path: '', message: 'a view must be an object' }];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    out.push({ path: '/type', message: `view type must be "modal" or "home", got ${JSON.stringify(type)}` });
    return out;
  }
  if (type === 'modal') {
    if (view.title === undefined) out.push({ path: '/title', message: 'a modal needs a title' });
    else checkPlainText(view.title, '/title', 'modal title', LIMITS.modalTitle, out);
    if (view.submit !== undefined && view.submit !== null) checkPlainText(view.submit, '/submit', 'modal submit', LIMITS.modalButton, out);
    if (view.close !== undefined && view.close !== null) checkPlainText(view.close, '/close', 'modal close', LIMITS.modalButton, out);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
    if (hasInput && (view.submit === undefined || view.submit === null)) {
      out.push({ path: '/submit', message: 'a modal with input blocks needs a submit button' });
    }
  }
  optionalString(view.private_metadata, '/private_metadata', 'private_metadata', LIMITS.privateMetadata, out);
  optionalString(view.callback_id, '/callback_id', 'callback_id', LIMITS.id, out);
  optionalString(view.external_id, '/external_id', 'external_id', LIMITS.id, out);
  if (view.blocks === undefined) out.push({ path: '/blocks', message: 'a view needs blocks' });
  else checkBlockList(view.blocks, type, '/blocks', out);
  return out;
}

function checkBlockList(blocks: unknown, surface: Surface, path: string, out: Problem[]): void {
  if (!Array.isArray(blocks)) {
    out.push({ path, message: 'blocks must be an array' });
    return;
  }
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.surfaceBlocks;
  if (blocks.length > max) {
    out.push({ path, message: `${blocks.length} blocks; a ${surface === 'message' ? 'message' : surface} allows at most ${max}` });
  }
  const blockIds = new Map<string, string>();
  for (const [i, block] of blocks.entries()) checkBlock(block, surface, `${path}/${i}`, blockIds, out);
}

function checkBlock(block: unknown, surface: Surface, path: string, blockIds: Map<string, string>, out: Problem[]): void {
  if (!isRecord(block)) {
    out.push({ path, message: 'a block must be an object' });
    return;
  }
  if (block.block_id !== undefined) {
    if (checkId(block.block_id, `${path}/block_id`, 'block_id', out)) {
      const id = block.block_id as string;
      const first = blockIds.get(id);
      if (first !== undefined) out.push({ path: `${path}/block_id`, message: `duplicate block_id "${id}" (also at ${first})` });
      else blockIds.set(id, path);
    }
  }
  const actionIds = new Map<string, string>();
  const element = (el: unknown, p: string) => checkElement(el, p, actionIds, out);
  switch (block.type) {
    case 'section': {
      if (block.text !== undefined) checkTextObject(block.text, `${path}/text`, 'section text', LIMITS.sectionText, out);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) out.push({ path: `${path}/fields`, message: 'fields must be an array' });
        else {
          if (block.fields.length > LIMITS.sectionFields) {
            out.push({
              path: `${path}/fields`,
              message: `${block.fields.length} fields; a section allows at most ${LIMITS.sectionFields}`,
            });
          }
          for (const [i, f] of block.fields.entries())
            checkTextObject(f, `${path}/fields/${i}`, 'section field', LIMITS.sectionFieldText, out);
        }
      }
      if (block.text === undefined && block.fields === undefined) out.push({ path, message: 'a section needs text or fields' });
      if (block.accessory !== undefined) element(block.accessory, `${path}/accessory`);
      break;
    }
    case 'header':
      checkPlainText(block.text, `${path}/text`, 'header text', LIMITS.headerText, out);
      break;
    case 'actions':
      checkElementList(block.elements, `${path}/elements`, 'an actions block', LIMITS.actionsElements, out, element);
      break;
    case 'context':
      checkElementList(block.elements, `${path}/elements`, 'a context block', LIMITS.contextElements, out, (el, p) => {
        if (isRecord(el) && el.type === 'image') optionalString(el.alt_text, `${p}/alt_text`, 'image alt_text', LIMITS.imageAltText, out);
        else checkTextObject(el, p, 'context text', LIMITS.sectionText, out);
      });
      break;
    case 'input':
      if (surface !== 'modal') out.push({ path, message: `input blocks are only allowed in modals, not in a ${surface}` });
      checkPlainText(block.label, `${path}/label`, 'input label', LIMITS.inputLabel, out);
      if (block.hint !== undefined) checkPlainText(block.hint, `${path}/hint`, 'input hint', LIMITS.inputLabel, out);
      if (block.element === undefined) out.push({ path: `${path}/element`, message: 'an input block needs an element' });
      else element(block.element, `${path}/element`);
      break;
    case 'image':
      optionalString(block.alt_text, `${path}/alt_text`, 'image alt_text', LIMITS.imageAltText, out);
      optionalString(block.image_url, `${path}/image_url`, 'image_url', LIMITS.url, out);
      if (block.title !== undefined) checkPlainText(block.title, `${path}/title`, 'image title', LIMITS.imageAltText, out);
      break;
    case 'markdown':
      optionalString(block.text, `${path}/text`, 'markdown text', LIMITS.markdownBlockText, out);
      break;
    default:
      break;
  }
}

function checkElementList(
  elements: unknown,
  path: string,
  what: string,
  max: number,
  out: Problem[],
  each: (el: unknown, path: string) => void,
): void {
  if (!Array.isArray(elements)) {
    out.push({ path, message: `${what} needs an elements array` });
    return;
  }
  if (elements.length > max) out.push({ path, message: `${elements.length} elements; ${what} allows at most ${max}` });
  for (const [i, el] of elements.entries()) each(el, `${path}/${i}`);
}

function checkElement(el: unknown, path: string, actionIds: Map<string, string>, out: Problem[]): void {
  if (!isRecord(el)) {
    out.push({ path, message: 'an element must be an object' });
    return;
  }
  if (el.action_id !== undefined && checkId(el.action_id, `${path}/action_id`, 'action_id', out)) {
    const id = el.action_id as string;
    const first = actionIds.get(id);
    if (first !== undefined)
      out.push({ path: `${path}/action_id`, message: `duplicate action_id "${id}" in one block (also at ${first})` });
    else actionIds.set(id, path);
  }
  if (el.placeholder !== undefined) checkPlainText(el.placeholder, `${path}/placeholder`, 'placeholder', LIMITS.placeholder, out);
  if (el.confirm !== undefined) checkConfirm(el.confirm, `${path}/confirm`, out);
  switch (el.type) {
    case 'button':
      checkPlainText(el.text, `${path}/text`, 'button text', LIMITS.buttonText, out);
      optionalString(el.value, `${path}/value`, 'button value', LIMITS.buttonValue, out);
      optionalString(el.url, `${path}/url`, 'button url', LIMITS.url, out);
      break;
    case 'plain_text_input': {
      const max = el.max_length;
      const min = el.min_length;
      if (max !== undefined && !intIn(max, 1, LIMITS.plainTextInputLength)) {
        out.push({
          path: `${path}/max_length`,
          message: `max_length must be an integer from 1 to ${LIMITS.plainTextInputLength}, got ${JSON.stringify(max)}`,
        });
      }
      if (min !== undefined && !intIn(min, 0, LIMITS.plainTextInputLength)) {
        out.push({
          path: `${path}/min_length`,
          message: `min_length must be an integer from 0 to ${LIMITS.plainTextInputLength}, got ${JSON.stringify(min)}`,
        });
      }
      if (typeof max === 'number' && typeof min === 'number' && min > max) {
        out.push({ path: `${path}/min_length`, message: `min_length ${min} is greater than max_length ${max}` });
      }
      if (typeof el.initial_value === 'string' && typeof max === 'number' && chars(el.initial_value) > max) {
        out.push({
          path: `${path}/initial_value`,
          message: `initial_value has ${chars(el.initial_value)} characters but max_length is ${max}`,
        });
      }
      break;
    }
    case 'static_select':
    case 'multi_static_select':
      if (el.options !== undefined && el.option_groups !== undefined) {
        out.push({ path, message: 'a select takes options or option_groups, not both' });
      }
      checkOptions(el.options, `${path}/options`, LIMITS.selectOptions, out);
      if (el.option_groups !== undefined) {
        if (!Array.isArray(el.option_groups)) out.push({ path: `${path}/option_groups`, message: 'option_groups must be an array' });
        else {
          if (el.option_groups.length > LIMITS.selectOptions) {
            out.push({
              path: `${path}/option_groups`,
              message: `${el.option_groups.length} option groups; at most ${LIMITS.selectOptions}`,
            });
          }
          for (const [i, g] of el.option_groups.entries()) {
            const gp = `${path}/option_groups/${i}`;
            if (!isRecord(g)) {
              out.push({ path: gp, message: 'an option group must be an object' });
              continue;
            }
            checkPlainText(g.label, `${gp}/label`, 'option group label', LIMITS.optionText, out);
            if (g.options === undefined) out.push({ path: `${gp}/options`, message: 'an option group needs options' });
            checkOptions(g.options, `${gp}/options`, LIMITS.selectOptions, out);
          }
        }
      }
      checkInitialOptions(el, path, out);
      break;
    case 'external_select':
    case 'multi_external_select':
      checkInitialOptions(el, path, out);
      break;
    case 'overflow':
      checkOptions(el.options, `${path}/options`, LIMITS.overflowOptions, out);
      break;
    case 'radio_buttons':
    case 'checkboxes':
      checkOptions(el.options, `${path}/options`, LIMITS.radioOrCheckboxOptions, out);
      checkInitialOptions(el, path, out);
      break;
    default:
      break;
  }
}

function checkInitialOptions(el: Record<string, unknown>, path: string, out: Problem[]): void {
  if (el.initial_option !== undefined) checkOption(el.initial_option, `${path}/initial_option`, out);
  if (Array.isArray(el.initial_options)) {
    for (const [i, o] of el.initial_options.entries()) checkOption(o, `${path}/initial_options/${i}`, out);
  }
}

function checkOptions(options: unknown, path: string, max: number, out: Problem[]): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    out.push({ path, message: 'options must be an array' });
    return;
  }
  if (options.length > max) out.push({ path, message: `${options.length} options; at most ${max}` });
  for (const [i, o] of options.entries()) checkOption(o, `${path}/${i}`, out);
}

function checkOption(option: unknown, path: string, out: Problem[]): void {
  if (!isRecord(option)) {
    out.push({ path, message: 'an option must be an object' });
    return;
  }
  checkTextObject(option.text, `${path}/text`, 'option text', LIMITS.optionText, out);
  optionalString(option.value, `${path}/value`, 'option value', LIMITS.optionValue, out);
  if (option.description !== undefined)
    checkTextObject(option.description, `${path}/description`, 'option description', LIMITS.optionText, out);
  optionalString(option.url, `${path}/url`, 'option url', LIMITS.url, out);
}

function checkConfirm(confirm: unknown, path: string, out: Problem[]): void {
  if (!isRecord(confirm)) {
    out.push({ path, message: 'a confirm dialog must be an object' });
    return;
  }
  checkPlainText(confirm.title, `${path}/title`, 'confirm title', LIMITS.confirmTitle, out);
  checkTextObject(confirm.text, `${path}/text`, 'confirm text', LIMITS.confirmText, out);
  checkPlainText(confirm.confirm, `${path}/confirm`, 'confirm button', LIMITS.confirmButton, out);
  checkPlainText(confirm.deny, `${path}/deny`, 'deny button', LIMITS.confirmButton, out);
}

/** A plain_text object whose text is 1..max characters. */
function checkPlainText(obj: unknown, path: string, what: string, max: number, out: Problem[]): void {
  if (isRecord(obj) && obj.type !== undefined && obj.type !== 'plain_text') {
    out.push({ path: `${path}/type`, message: `${what} must be plain_text, got ${JSON.stringify(obj.type)}` });
  }
  checkTextObject(obj, path, what, max, out);
}

/** A text object (plain_text or mrkdwn) whose text is 1..max characters. */
function checkTextObject(obj: unknown, path: string, what: string, max: number, out: Problem[]): void {
  if (!isRecord(obj)) {
    out.push({ path, message: `${what} must be a text object` });
    return;
  }
  if (typeof obj.text !== 'string') {
    out.push({ path: `${path}/text`, message: `${what} needs a text string` });
    return;
  }
  if (obj.text.length === 0) out.push({ path: `${path}/text`, message: `${what} is empty; it needs at least 1 character` });
  tooLong(obj.text, max, `${path}/text`, what, out);
}

function optionalString(value: unknown, path: string, what: string, max: number, out: Problem[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') out.push({ path, message: `${what} must be a string` });
  else tooLong(value, max, path, what, out);
}

/** block_id / action_id: a string of 1..255 characters. Returns whether it is a usable string. */
function checkId(value: unknown, path: string, what: string, out: Problem[]): boolean {
  if (typeof value !== 'string') {
    out.push({ path, message: `${what} must be a string` });
    return false;
  }
  if (value.length === 0) out.push({ path, message: `${what} is empty` });
  tooLong(value, LIMITS.id, path, what, out);
  return true;
}

function tooLong(s: string, max: number, path: string, what: string, out: Problem[]): void {
  const n = chars(s);
  if (n > max) out.push({ path, message: `${what} has ${n} characters; Slack allows at most ${max}` });
}

/** Characters as Slack counts them (code points, so an emoji is one). */
function chars(s: string): number {
  return Array.from(s).length;
}

function intIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
