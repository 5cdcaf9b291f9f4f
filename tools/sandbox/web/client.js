// The sandbox page: shows what the Slack stand-in holds for the person you act as, and turns what you do into
// the sandbox's API calls (which send the app signed requests, exactly as Slack does). Block Kit is rendered by
// render.ts. No framework; bundled by esbuild (tools/sandbox/web/build.ts) into the page's app.js.
import * as BK from './render';

(() => {
  var $ = (id) => document.getElementById(id);

  var state = {
    me: localStorage.getItem('sandbox.me') || '',
    info: null,
    current: { kind: 'channel', id: localStorage.getItem('sandbox.channel') || '' },
    tab: 'messages',
    surfaces: {},
    surfaceCounter: 0,
    modalKey: '',
    refreshing: false,
    again: false,
  };

  // ---- API ----------------------------------------------------------------------------------------------

  function api(path, body) {
    var init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(path, init).then((res) =>
      res.json().then((json) => {
        if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
        return json;
      }),
    );
  }

  function q(params) {
    return Object.keys(params)
      .map((k) => `${k}=${encodeURIComponent(params[k])}`)
      .join('&');
  }

  function notice(text) {
    var el = $('composer-notice');
    el.textContent = text || '';
    el.hidden = !text;
  }

  // ---- surfaces: rendered Block Kit with where it lives ---------------------------------------------------

  /** Renders blocks into `container`; remembers the elements and where an action there goes. */
  function renderSurface(container, blocks, where, surface) {
    var result = BK.renderBlocks(blocks, state.info.directory, surface);
    var id = `s${++state.surfaceCounter}`;
    state.surfaces[id] = { elements: result.elements, where: where };
    container.innerHTML = result.html;
    container.setAttribute('data-surface', id);
    return result;
  }

  function surfaceOf(node) {
    var host = node.closest('[data-surface]');
    return host ? state.surfaces[host.getAttribute('data-surface')] : undefined;
  }

  function elementOf(node) {
    var host = node.closest('[data-el]');
    if (!host) return undefined;
    var surface = surfaceOf(host);
    if (!surface) return undefined;
    return { host: host, json: surface.elements[Number(host.getAttribute('data-el'))], surface: surface };
  }

  /** Elements in input blocks only send an action when the block says dispatch_action; elsewhere always. */
  function dispatches(host) {
    var block = host.closest('[data-bk]');
    if (!block) return true;
    if (block.getAttribute('data-bk') !== 'input') return true;
    return block.getAttribute('data-dispatch') === 'true';
  }

  function option(value, text) {
    return { text: { type: 'plain_text', text: text, emoji: true }, value: value };
  }

  function chips(host) {
    return Array.prototype.map.call(host.querySelectorAll('.bk-chip'), (c) => ({
      value: c.getAttribute('data-value'),
      text: c.getAttribute('data-text'),
    }));
  }

  function selectedOptions(select) {
    return Array.prototype.filter
      .call(select.options, (o) => o.selected && o.value !== '')
      .map((o) => ({ value: o.value, text: o.textContent.replace(/^[@#]/, '') }));
  }

  /** The element's current value as Slack reports it in view.state.values (null when empty). */
  function stateValue(host, json) {
    var type = json.type;
    var sel;
    switch (type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input':
        return { type: type, value: host.value === '' ? null : host.value };
      case 'rich_text_input':
        return {
          type: type,
          rich_text_value: {
            type: 'rich_text',
            elements: [{ type: 'rich_text_section', elements: host.value ? [{ type: 'text', text: host.value }] : [] }],
          },
        };
      case 'static_select':
        sel = selectedOptions(host)[0];
        return { type: type, selected_option: sel ? option(sel.value, sel.text) : null };
      case 'multi_static_select':
        return { type: type, selected_options: selectedOptions(host).map((o) => option(o.value, o.text)) };
      case 'external_select':
        sel = chips(host)[0];
        return { type: type, selected_option: sel ? option(sel.value, sel.text) : null };
      case 'multi_external_select':
        return { type: type, selected_options: chips(host).map((o) => option(o.value, o.text)) };
      case 'users_select':
        return { type: type, selected_user: host.value || null };
      case 'multi_users_select':
        return { type: type, selected_users: selectedOptions(host).map((o) => o.value) };
      case 'conversations_select':
        return { type: type, selected_conversation: host.value || null };
      case 'multi_conversations_select':
        return { type: type, selected_conversations: selectedOptions(host).map((o) => o.value) };
      case 'channels_select':
        return { type: type, selected_channel: host.value || null };
      case 'multi_channels_select':
        return { type: type, selected_channels: selectedOptions(host).map((o) => o.value) };
      case 'datepicker':
        return { type: type, selected_date: host.value || null };
      case 'timepicker':
        return { type: type, selected_time: host.value || null };
      case 'datetimepicker':
        return { type: type, selected_date_time: host.value ? Math.floor(new Date(`${host.value}Z`).getTime() / 1000) : null };
      case 'checkboxes':
      case 'radio_buttons': {
        const picked = Array.prototype.filter
          .call(host.querySelectorAll('input'), (i) => i.checked)
          .map((i) => {
            var o = (json.options || []).filter((x) => x.value === i.value)[0];
            return option(i.value, o?.text ? o.text.text : i.value);
          });
        return type === 'checkboxes' ? { type: type, selected_options: picked } : { type: type, selected_option: picked[0] || null };
      }
      default:
        return undefined;
    }
  }

  /** view.state.values of a rendered view: every stateful element, by block_id and action_id. */
  function readState(container) {
    var values = {};
    var surface = state.surfaces[container.getAttribute('data-surface')];
    if (!surface) return values;
    Array.prototype.forEach.call(container.querySelectorAll('[data-el]'), (host) => {
      var json = surface.elements[Number(host.getAttribute('data-el'))];
      var value = stateValue(host, json);
      if (value === undefined || !json.action_id) return;
      var blockId = host.getAttribute('data-block-id');
      values[blockId] = values[blockId] || {};
      values[blockId][json.action_id] = value;
    });
    return values;
  }

  /** Puts back what was typed (by block_id/action_id) after a view was re-rendered: Slack keeps it too. */
  function restoreState(container, values) {
    Array.prototype.forEach.call(container.querySelectorAll('[data-el]'), (host) => {
      var blockId = host.getAttribute('data-block-id');
      var actionId = host.getAttribute('data-action-id');
      var v = values[blockId]?.[actionId];
      if (!v || v.type !== host.getAttribute('data-type')) return;
      if ('value' in v && v.value !== null) host.value = v.value;
      if (v.selected_date) host.value = v.selected_date;
      if (v.selected_time) host.value = v.selected_time;
      var single = v.selected_user || v.selected_conversation || v.selected_channel;
      if (single) host.value = single;
      if (host.classList.contains('bk-typeahead')) {
        const opts = v.selected_options || (v.selected_option ? [v.selected_option] : []);
        const chosen = host.querySelector('.bk-chosen');
        chosen.innerHTML = '';
        opts.forEach((o) => {
          addChip(host, o.value, o.text.text);
        });
      } else if (host.tagName === 'SELECT' && (v.selected_option || v.selected_options)) {
        const want = (v.selected_options || [v.selected_option]).map((o) => o.value);
        Array.prototype.forEach.call(host.options, (o) => {
          o.selected = want.indexOf(o.value) >= 0;
        });
      } else if (host.classList.contains('bk-choices')) {
        const wanted = (v.selected_options || (v.selected_option ? [v.selected_option] : [])).map((o) => o.value);
        Array.prototype.forEach.call(host.querySelectorAll('input'), (i) => {
          i.checked = wanted.indexOf(i.value) >= 0;
        });
      }
    });
  }

  // ---- actions --------------------------------------------------------------------------------------------

  function sendAction(found, extra) {
    var where = found.surface.where;
    var body = Object.assign(
      {
        user: state.me,
        where: where,
        blockId: found.host.getAttribute('data-block-id'),
        actionId: found.json.action_id || '',
        type: found.json.type,
      },
      extra,
    );
    if (where.kind === 'view') body.values = readState(found.host.closest('[data-surface]'));
    return api('/api/action', body)
      .then((res) => {
        if (!res.ok) notice(res.notice);
      })
      .catch((err) => {
        notice(`Could not send that: ${err.message}`);
      });
  }

  function confirmed(json) {
    if (!json.confirm) return true;
    var c = json.confirm;
    return window.confirm([c.title?.text, c.text?.text].filter(Boolean).join('\n\n'));
  }

  function valueExtra(host, json) {
    var v = stateValue(host, json);
    if (!v) return {};
    if ('selected_option' in v)
      return v.selected_option ? { selectedOption: { value: v.selected_option.value, text: v.selected_option.text.text } } : {};
    if ('selected_options' in v) return { selectedOptions: v.selected_options.map((o) => ({ value: o.value, text: o.text.text })) };
    if ('selected_users' in v) return { selectedUsers: v.selected_users };
    if (v.selected_user) return { selectedUser: v.selected_user };
    if (v.selected_conversation) return { selectedConversation: v.selected_conversation };
    if (v.selected_channel) return { selectedChannel: v.selected_channel };
    if (v.selected_date) return { selectedDate: v.selected_date };
    if (v.selected_time) return { selectedTime: v.selected_time };
    if (v.value) return { value: v.value };
    return {};
  }

  document.addEventListener('click', (e) => {
    var target = e.target;
    if (!(target instanceof Element)) return;
    if (!target.closest('.bk-overflow'))
      document.querySelectorAll('.bk-overflow-menu').forEach((m) => {
        m.hidden = true;
      });
    if (!target.closest('.bk-typeahead'))
      document.querySelectorAll('.bk-suggestions').forEach((m) => {
        m.hidden = true;
      });

    var chipRemove = target.closest('.bk-chip-remove');
    if (chipRemove) {
      const ta = elementOf(chipRemove);
      chipRemove.closest('.bk-chip').remove();
      if (ta && dispatches(ta.host)) sendAction(ta, valueExtra(ta.host, ta.json));
      return;
    }
    var suggestion = target.closest('.bk-suggestion');
    if (suggestion) {
      const found = elementOf(suggestion);
      if (!found) return;
      if (found.json.type !== 'multi_external_select') found.host.querySelector('.bk-chosen').innerHTML = '';
      addChip(found.host, suggestion.getAttribute('data-value'), suggestion.getAttribute('data-text'));
      const input = found.host.querySelector('.bk-typeahead-input');
      input.value = '';
      found.host.querySelector('.bk-suggestions').hidden = true;
      if (dispatches(found.host)) sendAction(found, valueExtra(found.host, found.json));
      return;
    }
    var toggle = target.closest('.bk-overflow-toggle');
    if (toggle) {
      const menu = toggle.parentElement.querySelector('.bk-overflow-menu');
      menu.hidden = !menu.hidden;
      return;
    }
    var item = target.closest('.bk-overflow-item');
    if (item) {
      const ov = elementOf(item);
      const opt = ov.json.options[Number(item.getAttribute('data-option'))];
      item.closest('.bk-overflow-menu').hidden = true;
      if (opt.url) window.open(opt.url, '_blank', 'noopener');
      sendAction(ov, { selectedOption: { value: opt.value, text: opt.text.text } });
      return;
    }
    var button = target.closest('.bk-button');
    if (button) {
      const b = elementOf(button);
      if (!b || !confirmed(b.json)) return;
      if (b.json.url) window.open(b.json.url, '_blank', 'noopener');
      sendAction(b, b.json.value !== undefined ? { value: b.json.value } : {});
    }
  });

  document.addEventListener('change', (e) => {
    var target = e.target;
    if (!(target instanceof Element) || target.classList.contains('bk-typeahead-input')) return;
    var found = elementOf(target);
    if (!found || !dispatches(found.host)) return;
    if (found.json.type === 'plain_text_input' || found.json.type === 'number_input' || /text_input$/.test(found.json.type)) return;
    if (!confirmed(found.json)) return;
    sendAction(found, valueExtra(found.host, found.json));
  });

  document.addEventListener('keydown', (e) => {
    var target = e.target;
    if (e.key !== 'Enter' || !(target instanceof Element) || !target.matches('input.bk-input')) return;
    var found = elementOf(target);
    if (!found || !dispatches(found.host)) return;
    e.preventDefault();
    sendAction(found, valueExtra(found.host, found.json));
  });

  // ---- external selects: type-ahead through real options loads ----------------------------------------

  var typing = null;
  document.addEventListener('input', (e) => {
    var target = e.target;
    if (!(target instanceof Element) || !target.classList.contains('bk-typeahead-input')) return;
    var found = elementOf(target);
    if (!found) return;
    clearTimeout(typing);
    typing = setTimeout(() => {
      loadOptions(found, target.value);
    }, 200);
  });

  function loadOptions(found, value) {
    var list = found.host.querySelector('.bk-suggestions');
    var min = typeof found.json.min_query_length === 'number' ? found.json.min_query_length : 3;
    if (value.length < min) {
      list.innerHTML = `<li class="none">Type ${min} or more characters…</li>`;
      list.hidden = false;
      return;
    }
    api('/api/options', {
      user: state.me,
      where: found.surface.where,
      blockId: found.host.getAttribute('data-block-id'),
      actionId: found.json.action_id,
      value: value,
    })
      .then((res) => {
        list.innerHTML =
          res.options.length === 0
            ? '<li class="none">No matches</li>'
            : res.options
                .map(
                  (o) =>
                    `<li><button type="button" class="bk-suggestion" data-value="${BK.escapeHtml(o.value)}" data-text="${BK.escapeHtml(o.text)}">${BK.escapeHtml(o.text)}</button></li>`,
                )
                .join('');
        list.hidden = false;
      })
      .catch((err) => {
        notice(`Could not load options: ${err.message}`);
      });
  }

  function addChip(host, value, text) {
    var span = document.createElement('span');
    span.className = 'bk-chip';
    span.setAttribute('data-value', value);
    span.setAttribute('data-text', text);
    span.innerHTML = `${BK.escapeHtml(text)} <button type="button" class="bk-chip-remove" aria-label="Remove">×</button>`;
    host.querySelector('.bk-chosen').appendChild(span);
  }

  // ---- conversations, Home, modal --------------------------------------------------------------------------

  function timeOf(ts) {
    var d = new Date(Number(ts) * 1000);
    return d.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  }

  function messageHtml(m, index) {
    var name = m.isApp ? state.info.appName : state.info.directory.users[m.user] || m.user;
    return (
      '<div class="message' +
      (m.ephemeral ? ' ephemeral' : '') +
      '" data-index="' +
      index +
      '" data-ts="' +
      m.ts +
      '">' +
      '<div class="avatar' +
      (m.isApp ? ' app' : '') +
      '">' +
      BK.escapeHtml(name.charAt(0).toUpperCase()) +
      '</div>' +
      '<div class="message-body">' +
      (m.ephemeral ? '<div class="ephemeral-note">👁 Only visible to you</div>' : '') +
      '<div class="message-meta"><b>' +
      BK.escapeHtml(name) +
      '</b>' +
      (m.isApp ? '<span class="badge">APP</span>' : '') +
      timeOf(m.ts) +
      (m.edited ? ' (edited)' : '') +
      '</div>' +
      '<div class="message-content"></div>' +
      (m.files || []).map((f) => `<div class="file">📎 ${BK.escapeHtml(f.title || f.name)}</div>`).join('') +
      (m.replies.length ? '<div class="thread"></div>' : '') +
      '</div></div>'
    );
  }

  function fillMessage(node, m, channel) {
    var content = node.querySelector('.message-content');
    var where = { kind: m.ephemeral ? 'ephemeral' : 'message', channel: channel, ts: m.ts };
    if (m.blocks?.length) {
      const result = renderSurface(content, m.blocks, where, 'message');
      if (m.attachments) content.insertAdjacentHTML('beforeend', BK.renderAttachments(m.attachments, state.info.directory, result));
    } else {
      content.innerHTML =
        BK.mrkdwn(m.text, state.info.directory) +
        (m.attachments ? BK.renderAttachments(m.attachments, state.info.directory, { elements: [] }) : '');
    }
    var thread = node.querySelector('.thread');
    if (thread) {
      thread.innerHTML = m.replies.map(messageHtml).join('');
      Array.prototype.forEach.call(thread.children, (child, i) => {
        fillMessage(child, m.replies[i], channel);
      });
    }
  }

  function renderMessages(messages, channel) {
    var box = $('messages');
    var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    if (messages.length === 0) {
      box.innerHTML = '<div class="empty">Nothing here yet. Type <code>/iec help</code> below to start.</div>';
      return;
    }
    box.innerHTML = messages.map(messageHtml).join('');
    Array.prototype.forEach.call(box.children, (node, i) => {
      fillMessage(node, messages[i], channel);
    });
    if (atBottom || !state.scrolled) box.scrollTop = box.scrollHeight;
    state.scrolled = true;
  }

  function renderHome(view) {
    var box = $('home');
    if (!view) {
      box.innerHTML = `<div class="empty">${BK.escapeHtml(state.info.appName)} has not published a Home tab for you.</div>`;
      return;
    }
    box.innerHTML = '<div class="home-surface"></div>';
    renderSurface(box.firstChild, view.blocks, { kind: 'view', viewId: view.id }, 'home');
  }

  function renderModal(modal) {
    var backdrop = $('modal-backdrop');
    if (!modal) {
      backdrop.hidden = true;
      state.modalKey = '';
      return;
    }
    var view = modal.view;
    var key = `${view.id}:${view.hash}`;
    var body = $('modal-body');
    if (key !== state.modalKey) {
      const typed = state.modalKey.split(':')[0] === view.id ? readState(body) : {};
      $('modal-title').textContent = view.title ? view.title.text : '';
      renderSurface(body, view.blocks, { kind: 'view', viewId: view.id }, 'modal');
      restoreState(body, typed);
      $('modal-close').textContent = view.close ? view.close.text : 'Cancel';
      $('modal-submit').hidden = !view.submit;
      if (view.submit) $('modal-submit').textContent = view.submit.text;
      state.modalKey = key;
    }
    Array.prototype.forEach.call(body.querySelectorAll('[data-error-for]'), (slot) => {
      var message = modal.errors[slot.getAttribute('data-error-for')];
      slot.textContent = message || '';
      slot.hidden = !message;
      slot.parentElement.classList.toggle('has-error', Boolean(message));
    });
    $('modal-problem').textContent = modal.problem || '';
    $('modal-problem').hidden = !modal.problem;
    backdrop.hidden = false;
  }

  function currentModalViewId() {
    return state.modalKey.split(':')[0];
  }

  $('modal-submit').addEventListener('click', () => {
    var viewId = currentModalViewId();
    var button = $('modal-submit');
    button.disabled = true;
    api('/api/submit', { user: state.me, viewId: viewId, values: readState($('modal-body')) })
      .then((res) => {
        renderModal(res.modal);
      })
      .catch((err) => {
        notice(`Could not submit: ${err.message}`);
      })
      .then(() => {
        button.disabled = false;
      });
  });
  $('modal-close').addEventListener('click', () => {
    closeModal(false);
  });
  $('modal-x').addEventListener('click', () => {
    closeModal(true);
  });

  function closeModal(all) {
    api('/api/close', { user: state.me, viewId: currentModalViewId(), all: all }).then(refresh);
  }

  // ---- navigation --------------------------------------------------------------------------------------------

  function channelName(id) {
    var c = state.info.channels.filter((x) => x.id === id)[0];
    return c ? c.name : id;
  }

  function isApp(id) {
    return state.info.channels.some((c) => c.id === id && c.kind === 'app');
  }

  function renderSidebar() {
    var item = (c) => {
      var active = c.id === state.current.id ? ' active' : '';
      var label = c.kind === 'app' ? `● ${c.name}` : `# ${c.name}`;
      return `<li><button type="button" class="channel${active}" data-channel="${c.id}">${BK.escapeHtml(label)}</button></li>`;
    };
    $('channel-list').innerHTML = state.info.channels
      .filter((c) => c.kind === 'channel')
      .map(item)
      .join('');
    $('app-list').innerHTML = state.info.channels
      .filter((c) => c.kind === 'app')
      .map(item)
      .join('');
    $('people-list').innerHTML = state.info.personas
      .map((p) => `<li title="${BK.escapeHtml(p.description)}">@${BK.escapeHtml(p.handle)}${p.id === state.me ? ' (you)' : ''}</li>`)
      .join('');
  }

  function showCurrent() {
    var app = isApp(state.current.id);
    var home = app && state.tab === 'home';
    $('conversation-title').textContent = app ? state.info.appName : `#${channelName(state.current.id)}`;
    $('app-tabs').hidden = !app;
    $('tab-home').classList.toggle('active', home);
    $('tab-messages').classList.toggle('active', app && !home);
    $('messages').hidden = home;
    $('home').hidden = !home;
    $('composer').hidden = home;
    $('message-input').placeholder = app
      ? `Message ${state.info.appName} — try /iec help or /commit`
      : `Message #${channelName(state.current.id)} — try /iec help or /commit`;
    renderSidebar();
  }

  document.addEventListener('click', (e) => {
    var t = e.target instanceof Element ? e.target.closest('[data-channel]') : null;
    if (!t) return;
    state.current = { kind: 'channel', id: t.getAttribute('data-channel') };
    state.tab = 'messages';
    state.scrolled = false;
    localStorage.setItem('sandbox.channel', state.current.id);
    notice('');
    showCurrent();
    refresh();
  });

  $('tab-home').addEventListener('click', () => {
    openHome();
  });
  $('tab-messages').addEventListener('click', () => {
    state.tab = 'messages';
    showCurrent();
    refresh();
  });

  function openHome() {
    state.current = { kind: 'channel', id: state.info.channels.filter((c) => c.kind === 'app')[0].id };
    state.tab = 'home';
    showCurrent();
    api('/api/home', { user: state.me }).then(refresh);
  }

  $('persona').addEventListener('change', (e) => {
    var wasApp = isApp(state.current.id);
    state.me = e.target.value;
    localStorage.setItem('sandbox.me', state.me);
    state.modalKey = '';
    loadInfo().then(() => {
      if (wasApp) state.current.id = state.info.channels.filter((c) => c.kind === 'app')[0].id;
      state.scrolled = false;
      showCurrent();
      if (wasApp && state.tab === 'home') openHome();
      else refresh();
    });
  });

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    var input = $('message-input');
    var text = input.value.trim();
    if (!text) return;
    notice('');
    api('/api/message', { user: state.me, channel: state.current.id, text: text })
      .then((res) => {
        if (res.ok) input.value = '';
        else notice(res.notice);
      })
      .catch((err) => {
        notice(err.message);
      });
  });

  // ---- clock -------------------------------------------------------------------------------------------------

  $('clock-toggle').addEventListener('click', () => {
    var panel = $('clock-panel');
    panel.hidden = !panel.hidden;
    $('clock-toggle').setAttribute('aria-expanded', String(!panel.hidden));
  });

  $('clock-run').addEventListener('click', () => {
    var result = $('clock-result');
    result.textContent = 'Running…';
    api('/api/clock', { at: $('clock-at').value.trim(), job: $('clock-job').value })
      .then((res) => {
        result.textContent = `${res.job} as of ${res.at}: ${res.text}${res.summary.errors.length ? `\n${res.summary.errors.join('\n')}` : ''}`;
        result.setAttribute('data-done', 'true');
      })
      .catch((err) => {
        result.textContent = `Could not run: ${err.message}`;
      });
  });

  function renderClockSuggestions() {
    var box = $('clock-suggestions');
    box.innerHTML = state.info.clockSuggestions
      .map((s) => `<button type="button" data-at="${BK.escapeHtml(s.at)}">${BK.escapeHtml(s.label)}</button>`)
      .join('');
    if (!$('clock-at').value && state.info.clockSuggestions[0]) $('clock-at').value = state.info.clockSuggestions[0].at;
  }
  $('clock-suggestions').addEventListener('click', (e) => {
    var b = e.target instanceof Element ? e.target.closest('[data-at]') : null;
    if (b) $('clock-at').value = b.getAttribute('data-at');
  });

  // ---- refresh -----------------------------------------------------------------------------------------------

  function loadInfo() {
    return api(`/api/state?${q({ user: state.me || '' })}`).then((info) => {
      state.info = info;
      state.me = info.me;
      $('workspace-name').textContent = info.workspace;
      $('persona').innerHTML = info.personas
        .map(
          (p) =>
            `<option value="${p.id}"${p.id === info.me ? ' selected' : ''}>${BK.escapeHtml(p.name)} — ${BK.escapeHtml(p.description)}</option>`,
        )
        .join('');
      $('persona-role').textContent = '';
      if (!info.channels.some((c) => c.id === state.current.id)) state.current = { kind: 'channel', id: info.channels[0].id };
      renderClockSuggestions();
    });
  }

  /** Re-reads what the current person sees. Serialised: a change during a refresh triggers one more. */
  function refresh() {
    if (state.refreshing) {
      state.again = true;
      return Promise.resolve();
    }
    state.refreshing = true;
    var me = state.me;
    var home = isApp(state.current.id) && state.tab === 'home';
    var main = home
      ? api(`/api/home?${q({ user: me })}`).then((r) => {
          renderHome(r.view);
        })
      : api(`/api/channel?${q({ user: me, channel: state.current.id })}`).then((r) => {
          renderMessages(r.messages, state.current.id);
        });
    var modal = api(`/api/modal?${q({ user: me })}`).then((r) => {
      renderModal(r.modal);
    });
    return Promise.all([main, modal])
      .catch((err) => {
        notice(`Could not refresh: ${err.message}`);
      })
      .then(() => {
        state.refreshing = false;
        document.body.setAttribute('data-ready', 'true');
        if (state.again) {
          state.again = false;
          return refresh();
        }
      });
  }

  loadInfo().then(() => {
    showCurrent();
    refresh();
    var events = new EventSource('/api/events');
    events.addEventListener('change', () => {
      refresh();
    });
  });
})();
