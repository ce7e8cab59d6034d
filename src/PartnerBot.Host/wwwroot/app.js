// The web chat: pick a demo person, pick a conversation, talk. The server renders every bot message to HTML
// (all text encoded there); this script only places it and posts buttons and forms back.
(() => {
  const $ = (id) => document.getElementById(id);
  const api = (path, opts) => fetch(`/api/webchat${path}`, opts).then(async (r) => {
    const body = r.headers.get('content-type')?.includes('json') ? await r.json() : null;
    if (!r.ok) throw new Error(body?.detail || body?.title || `The server answered ${r.status}.`);
    return body;
  });
  // seq: each switch of person or room bumps it; answers that arrive for an older switch are dropped.
  // words: the chat window's own words in the person's language, as the server last sent them.
  const state = { person: null, room: null, lastId: 0, rooms: [], people: [], poll: null, busy: false, seq: 0,
    words: { private: '', send: '', placeholder: '', empty: '' } };
  const stored = (k, v) => v === undefined ? localStorage.getItem(`pb.${k}`) : localStorage.setItem(`pb.${k}`, v);

  function status(text) { $('status').textContent = text || ''; }

  async function loadPeople() {
    state.people = await api('/people');
    const who = $('who');
    who.innerHTML = '';
    const groups = {};
    for (const p of state.people) {
      const g = p.role === 'PartnerUser' ? `Partner users` : 'Vendor staff';
      (groups[g] ??= []).push(p);
    }
    for (const [label, people] of Object.entries(groups)) {
      const og = document.createElement('optgroup');
      og.label = label;
      for (const p of people) {
        const o = document.createElement('option');
        o.value = p.id;
        o.textContent = p.organisation ? `${p.name} — ${p.organisation}` : `${p.name} — ${roleName(p.role)}`;
        og.appendChild(o);
      }
      who.appendChild(og);
    }
    const saved = stored('person');
    who.value = state.people.some((p) => p.id === saved) ? saved : state.people[0]?.id;
    await selectPerson(who.value);
  }

  function roleName(role) {
    return { PartnerUser: 'Partner user', Rep: 'Channel rep', Manager: 'Channel manager', Admin: 'Administrator' }[role] || role;
  }

  // While switching person or conversation the message box is disabled: a message typed then would have no conversation.
  function ready(on) { $('text').disabled = !on; $('composer').querySelector('button').disabled = !on; }

  async function selectPerson(id) {
    ready(false);
    const seq = ++state.seq;
    state.person = state.people.find((p) => p.id === id);
    state.room = null;
    stored('person', id);
    const p = state.person;
    $('who-detail').textContent = p ? `${roleName(p.role)}${p.organisation ? ' at ' + p.organisation : ''}` : '';
    const rooms = await api(`/people/${encodeURIComponent(id)}/conversations`);
    if (seq !== state.seq) return;
    state.rooms = rooms;
    const list = $('rooms');
    list.innerHTML = '';
    for (const r of state.rooms) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = r.name;
      b.dataset.room = r.id;
      b.addEventListener('click', () => selectRoom(r.id).catch((x) => { status(x.message); ready(true); }));
      li.appendChild(b);
      list.appendChild(li);
    }
    const savedRoom = stored(`room.${id}`);
    await selectRoom(state.rooms.some((r) => r.id === savedRoom) ? savedRoom : state.rooms[0].id);
  }

  async function selectRoom(id) {
    ready(false);
    const seq = ++state.seq;
    state.room = state.rooms.find((r) => r.id === id);
    stored(`room.${state.person.id}`, id);
    for (const b of document.querySelectorAll('#rooms button')) b.setAttribute('aria-current', String(b.dataset.room === id));
    $('room-name').textContent = state.room.name;
    $('room-desc').textContent = state.room.description;
    $('messages').innerHTML = '';
    state.lastId = 0;
    await refresh(seq);
    if (seq !== state.seq) return;
    ready(true);
    if (!$('messages').children.length) {
      const e = document.createElement('div');
      e.className = 'empty';
      e.textContent = state.words.empty;
      $('messages').appendChild(e);
    }
    $('text').focus();
  }

  async function refresh(seq = state.seq) {
    if (!state.room) return;
    const q = `?as=${encodeURIComponent(state.person.id)}&after=${state.lastId}`;
    const { messages, words } = await api(`/conversations/${encodeURIComponent(state.room.id)}/messages${q}`);
    if (seq !== state.seq) return;
    useWords(words);
    append(messages);
  }

  // The window's own words follow the person's language (it can change in "settings" mid-conversation).
  function useWords(words) {
    if (!words) return;
    state.words = words;
    $('text').placeholder = words.placeholder;
    $('text').setAttribute('aria-label', words.placeholder);
    $('composer').querySelector('button').textContent = words.send;
  }

  function append(messages) {
    const box = $('messages');
    box.querySelector('.empty')?.remove();
    for (const m of messages) {
      if (m.id <= state.lastId) continue;
      state.lastId = m.id;
      const div = document.createElement('div');
      div.className = `msg${m.mine ? ' mine' : ''}${m.private ? ' private' : ''}`;
      div.dataset.id = m.id;
      const meta = document.createElement('div');
      meta.className = 'meta';
      const who = document.createElement('span');
      who.textContent = m.authorName;
      const when = document.createElement('time');
      when.dateTime = m.at;
      when.textContent = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      meta.append(who, when);
      if (m.private) {
        const tag = document.createElement('span');
        tag.className = 'private-tag';
        tag.textContent = `🔒 ${state.words.private}`;
        meta.appendChild(tag);
      }
      div.appendChild(meta);
      const body = document.createElement('div');
      body.className = 'body';
      if (m.html !== null) body.innerHTML = m.html; // rendered and encoded by the server
      else { const p = document.createElement('p'); p.textContent = m.text; body.appendChild(p); }
      div.appendChild(body);
      box.appendChild(div);
    }
    box.scrollTop = box.scrollHeight;
  }

  async function send(payload) {
    if (state.busy) return;
    state.busy = true;
    status('');
    try {
      payload.clientMessageId = crypto.randomUUID ? crypto.randomUUID() : String(Date.now() + Math.random());
      const seq = state.seq;
      const q = `?as=${encodeURIComponent(state.person.id)}`;
      const { messages, words } = await api(`/conversations/${encodeURIComponent(state.room.id)}/messages${q}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
      });
      if (seq === state.seq) { useWords(words); append(messages); }
    } catch (e) {
      status(e.message);
    } finally {
      state.busy = false;
    }
  }

  const failed = (x) => { status(x.message); ready(true); };
  $('who').addEventListener('change', (e) => selectPerson(e.target.value).catch(failed));
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    $('text').value = '';
    send({ text });
  });

  // Buttons and forms inside bot messages post their action back.
  $('messages').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    e.preventDefault();
    const a = JSON.parse(b.dataset.action);
    send({ action: { name: a.name, values: a.data }, label: b.textContent });
  });
  $('messages').addEventListener('submit', (e) => {
    const form = e.target.closest('form.pb-form');
    if (!form) return;
    e.preventDefault();
    const action = JSON.parse(form.dataset.action);
    const values = { ...action.data };
    for (const [k, v] of new FormData(form).entries()) values[k] = String(v);
    send({ action: { name: action.name, values }, label: form.dataset.label });
  });

  state.poll = setInterval(() => refresh().catch(() => {}), 2500);
  // Switched on outside Development: say so on the page, where everyone using it sees it.
  api('/status').then((s) => {
    if (!s?.notice) return;
    $('exposed-notice').textContent = s.notice;
    $('exposed-notice').hidden = false;
  }).catch(() => {});
  loadPeople().catch(failed);
})();
