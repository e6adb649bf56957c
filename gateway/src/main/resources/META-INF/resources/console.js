// PostVault web console: a few pages over the public API (/api/v1), the bearer token in sessionStorage.
'use strict';

const TEXT = {
  en: {
    'nav.domain': 'Domain', 'nav.history': 'Message history', lang: 'Language', logout: 'Log out',
    'login.title': 'Log in', 'login.username': 'Address', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.token': 'Log in with a token (platform admin, API token)', 'login.tokenLabel': 'Bearer token',
    'domain.name': 'Domain', 'domain.open': 'Open',
    'gauge.occupied': 'Occupied space', 'gauge.archives': 'Archives', 'gauge.free': 'Free', 'gauge.quota': 'Quota',
    'gauge.snapshot': 'Snapshot taken at {0}', 'gauge.noSnapshot': 'No snapshot yet',
    'gauge.live': 'Live: {0} occupied, {1} archives (at {2})', 'chart.title': 'Last 30 days',
    'accounts.title': 'Accounts', 'accounts.address': 'Address', 'accounts.kind': 'Kind', 'accounts.role': 'Role',
    'accounts.occupied': 'Occupied', 'accounts.create': 'Create an account', 'accounts.localPart': 'Local part',
    'accounts.createButton': 'Create', 'accounts.delete': 'Delete',
    'accounts.confirmDelete': 'Delete {0}? Its messages go to the archives.',
    'history.title': 'Message history', 'history.q': 'Search', 'history.from': 'From',
    'history.direction': 'Direction', 'history.received': 'Received', 'history.sent': 'Sent',
    'history.status': 'Status', 'history.live': 'In a mailbox', 'history.archived': 'Archived',
    'history.search': 'Search', 'history.more': 'More', 'history.total': '{0} found',
    'history.download': 'Download .eml', 'history.restore': 'Restore', 'history.restored': 'Restored to {0}',
    'backup.button': 'Backup', 'backup.progress': 'Backup of {0}: {1} received', 'backup.done': 'Backup of {0}: {1}',
    'plan.label': 'Quota (GB)', 'plan.change': 'Change plan', 'accounts.roleOf': 'Role of {0}',
    'role.USER': 'User', 'role.DOMAIN_ADMIN': 'Domain administrator', 'shared.title': 'Shared accounts',
    'shared.help': 'Rights (RFC 4314): l see, r read, s mark seen, w set flags, i add, p post, k create folders, '
      + 'x delete folders, t delete, e expunge, a administer.',
    'shared.none': 'No shared account in this domain.', 'shared.nobody': 'Nobody has rights on it yet.',
    'shared.user': 'User', 'shared.rights': 'Rights', 'shared.save': 'Save', 'shared.revoke': 'Revoke',
    'shared.grant': 'Give rights', 'shared.rightsOf': 'Rights of {0} on {1}',
    'shared.saveOf': 'Save rights of {0} on {1}', 'shared.revokeOf': 'Revoke rights of {0} on {1}',
    'shared.grantOn': 'Give rights on {0}',
  },
  fr: {
    'nav.domain': 'Domaine', 'nav.history': 'Historique des messages', lang: 'Langue', logout: 'Se déconnecter',
    'login.title': 'Connexion', 'login.username': 'Adresse', 'login.password': 'Mot de passe',
    'login.submit': 'Se connecter', 'login.token': 'Se connecter avec un jeton (administrateur, jeton d’API)',
    'login.tokenLabel': 'Jeton', 'domain.name': 'Domaine', 'domain.open': 'Ouvrir',
    'gauge.occupied': 'Espace occupé', 'gauge.archives': 'Archives', 'gauge.free': 'Libre', 'gauge.quota': 'Quota',
    'gauge.snapshot': 'Relevé du {0}', 'gauge.noSnapshot': 'Pas encore de relevé',
    'gauge.live': 'En direct : {0} occupés, {1} d’archives ({2})', 'chart.title': '30 derniers jours',
    'accounts.title': 'Comptes', 'accounts.address': 'Adresse', 'accounts.kind': 'Type', 'accounts.role': 'Rôle',
    'accounts.occupied': 'Occupé', 'accounts.create': 'Créer un compte', 'accounts.localPart': 'Partie locale',
    'accounts.createButton': 'Créer', 'accounts.delete': 'Supprimer',
    'accounts.confirmDelete': 'Supprimer {0} ? Ses messages iront dans les archives.',
    'history.title': 'Historique des messages', 'history.q': 'Rechercher', 'history.from': 'De',
    'history.direction': 'Sens', 'history.received': 'Reçu', 'history.sent': 'Envoyé', 'history.status': 'État',
    'history.live': 'Dans une boîte', 'history.archived': 'Archivé', 'history.search': 'Rechercher',
    'history.more': 'Suite', 'history.total': '{0} trouvé(s)', 'history.download': 'Télécharger le .eml',
    'history.restore': 'Restaurer', 'history.restored': 'Restauré dans {0}',
    'backup.button': 'Copie de sauvegarde', 'backup.progress': 'Copie de sauvegarde de {0} : {1} reçus',
    'backup.done': 'Copie de sauvegarde de {0} : {1}',
    'plan.label': 'Quota (Go)', 'plan.change': 'Changer de forfait', 'accounts.roleOf': 'Rôle de {0}',
    'role.USER': 'Utilisateur', 'role.DOMAIN_ADMIN': 'Administrateur du domaine', 'shared.title': 'Comptes partagés',
    'shared.help': 'Droits (RFC 4314) : l voir, r lire, s marquer lu, w modifier les indicateurs, i ajouter, '
      + 'p poster, k créer des dossiers, x supprimer des dossiers, t supprimer, e effacer, a administrer.',
    'shared.none': 'Aucun compte partagé dans ce domaine.', 'shared.nobody': 'Personne n’y a encore de droits.',
    'shared.user': 'Utilisateur', 'shared.rights': 'Droits', 'shared.save': 'Enregistrer', 'shared.revoke': 'Retirer',
    'shared.grant': 'Donner des droits', 'shared.rightsOf': 'Droits de {0} sur {1}',
    'shared.saveOf': 'Enregistrer les droits de {0} sur {1}', 'shared.revokeOf': 'Retirer les droits de {0} sur {1}',
    'shared.grantOn': 'Donner des droits sur {0}',
  },
};

const state = {
  lang: localStorage.getItem('lang') || (navigator.language.startsWith('fr') ? 'fr' : 'en'),
  token: sessionStorage.getItem('token'),
  me: null,
  domain: sessionStorage.getItem('domain'),
  cursor: null,
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => (TEXT[state.lang][key] || key).replace(/\{(\d)}/g, (m, i) => args[i]);

function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
  return new Intl.NumberFormat(state.lang, { maximumFractionDigits: 1 }).format(n) + ' ' + units[i];
}
const when = (iso) => new Date(iso).toLocaleString(state.lang);

/** A new element with properties (attributes for aria-* and for) and children. */
function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('aria-') || k === 'for') e.setAttribute(k, v); else e[k] = v;
  }
  e.append(...children);
  return e;
}
const accountPath = (a) => `/api/v1/domains/${encodeURIComponent(a.domain)}/accounts/${encodeURIComponent(a.localPart)}`;

function translate() {
  document.documentElement.lang = state.lang;
  $('lang').value = state.lang;
  document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
}

function showError(problem) {
  $('error').textContent = problem ? (problem.detail || problem.title || String(problem)) : '';
  $('error').hidden = !problem;
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && state.token) { logout(); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ detail: response.statusText }));
    showError(problem);
    throw problem;
  }
  showError(null);
  return response.status === 204 ? null : response.json();
}

function route() {
  const view = !state.token ? 'login' : (location.hash.slice(1) || 'domain');
  for (const name of ['login', 'domain', 'history']) $(name + '-view').hidden = name !== view;
  $('logout').hidden = !state.token;
  if (view === 'domain' && state.domain) openDomain(state.domain);
  if (view === 'domain') $('domain').value = state.domain || '';
}

async function loggedIn(token) {
  state.token = token;
  sessionStorage.setItem('token', token);
  state.me = await api('GET', '/api/v1/auth/me');
  if (state.me.domain) { state.domain = state.me.domain; sessionStorage.setItem('domain', state.domain); }
  location.hash = state.me.role === 'USER' ? '#history' : '#domain';
  route();
}

function logout() {
  if (state.token) fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + state.token } });
  state.token = null;
  state.me = null;
  state.domain = null; // the next one to log in starts from their own domain, not this one's
  sessionStorage.clear();
  route();
}

async function openDomain(domain) {
  state.domain = domain;
  sessionStorage.setItem('domain', domain);
  $('domain-title').textContent = domain;
  $('shared').setAttribute('aria-busy', 'true');
  const path = '/api/v1/domains/' + encodeURIComponent(domain);
  const [gauge, history, accounts] = await Promise.all([api('GET', path + '/usage'),
    api('GET', path + '/usage/history?days=30'), api('GET', path + '/accounts?limit=500')]);
  drawGauge(gauge);
  drawChart(history.items);
  drawAccounts(accounts.items);
  $('plan-form').hidden = !(state.me && state.me.role === 'PLATFORM_ADMIN');
  $('plan-gb').value = gauge.quotaBytes ? gauge.quotaBytes / 1e9 : '';
  const shared = accounts.items.filter((a) => a.kind === 'SHARED');
  const grants = await Promise.all(shared.map((a) => api('GET', accountPath(a) + '/acl')));
  drawShared(shared, grants.map((g) => g.items), accounts.items.filter((a) => a.kind === 'PERSONAL'));
  $('shared').removeAttribute('aria-busy');
}

function drawGauge(g) {
  const occupied = g.occupiedBytes ?? g.live.occupiedBytes;
  const archives = g.archiveBytes ?? g.live.archiveBytes;
  const quota = g.quotaBytes || occupied + archives || 1;
  const bar = $('gauge-bar');
  bar.querySelector('.occupied').style.width = (100 * occupied / quota) + '%';
  bar.querySelector('.archives').style.width = (100 * archives / quota) + '%';
  bar.setAttribute('aria-label', t('gauge.occupied') + ' ' + bytes(occupied) + ', ' + t('gauge.archives') + ' '
    + bytes(archives) + ', ' + t('gauge.quota') + ' ' + bytes(g.quotaBytes));
  $('g-occupied').textContent = bytes(occupied);
  $('g-archives').textContent = bytes(archives);
  $('g-free').textContent = bytes(g.freeBytes ?? g.live.freeBytes);
  $('g-quota').textContent = bytes(g.quotaBytes);
  $('g-snapshot').textContent = g.snapshotAt ? t('gauge.snapshot', when(g.snapshotAt)) : t('gauge.noSnapshot');
  $('g-live').textContent = t('gauge.live', bytes(g.live.occupiedBytes), bytes(g.live.archiveBytes), when(g.live.at));
}

function drawChart(days) {
  const svg = $('chart');
  // scaled to the fullest day, so a small domain still shows its trend; the gauge above shows the quota
  const max = Math.max(1, ...days.map((d) => d.occupiedBytes + d.archiveBytes));
  const width = 300 / Math.max(days.length, 1);
  svg.innerHTML = days.map((d, i) => {
    const o = 100 * d.occupiedBytes / max;
    const a = 100 * d.archiveBytes / max;
    return `<g><title>${d.day}: ${bytes(d.occupiedBytes)} + ${bytes(d.archiveBytes)}</title>`
      + `<rect x="${i * width}" y="${100 - o}" width="${width * 0.8}" height="${o}" fill="#2a6bb8"/>`
      + `<rect x="${i * width}" y="${100 - o - a}" width="${width * 0.8}" height="${a}" fill="#e0a030"/></g>`;
  }).join('');
  svg.setAttribute('aria-label', t('chart.title'));
}

function drawAccounts(accounts) {
  const body = $('accounts').querySelector('tbody');
  body.replaceChildren(...accounts.map((a) => {
    const row = document.createElement('tr');
    for (const text of [a.address, a.kind, a.role, bytes(a.occupiedBytes)]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    // a shared account cannot log in: always a USER
    row.cells[2].replaceChildren(a.kind === 'PERSONAL' ? roleSelect(a) : t('role.' + a.role));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = t('accounts.delete');
    remove.setAttribute('aria-label', t('accounts.delete') + ' ' + a.address);
    remove.onclick = async () => {
      if (!confirm(t('accounts.confirmDelete', a.address))) return;
      await api('DELETE', accountPath(a));
      openDomain(state.domain);
    };
    const backup = document.createElement('button');
    backup.type = 'button';
    backup.textContent = t('backup.button');
    backup.setAttribute('aria-label', t('backup.button') + ' ' + a.address);
    backup.onclick = () => downloadBackup(a.address);
    const cell = document.createElement('td');
    cell.append(backup, remove);
    row.append(cell);
    return row;
  }));
}

function roleSelect(a) {
  const select = el('select', { 'aria-label': t('accounts.roleOf', a.address) },
    ...['USER', 'DOMAIN_ADMIN'].map((r) => el('option', { value: r, textContent: t('role.' + r), selected: r === a.role })));
  select.onchange = () => api('PUT', accountPath(a) + '/role', { role: select.value })
    .catch(() => openDomain(state.domain)); // refused: show the role it still has
  return select;
}

// Each shared account with its users' rights (edit, revoke) and a form to give a user rights.
function drawShared(shared, grants, personal) {
  const blocks = shared.map((a, i) => {
    const rows = grants[i].map((g) => {
      const rights = el('input', { className: 'rights', value: g.rights, 'aria-label': t('shared.rightsOf', g.user, a.address) });
      const save = el('button', { type: 'button', textContent: t('shared.save'), 'aria-label': t('shared.saveOf', g.user, a.address) });
      save.onclick = () => setRights(a, g.user, rights.value);
      const revoke = el('button', { type: 'button', textContent: t('shared.revoke'), 'aria-label': t('shared.revokeOf', g.user, a.address) });
      revoke.onclick = async () => {
        await api('DELETE', `${accountPath(a)}/acl/${encodeURIComponent(g.user)}`);
        openDomain(state.domain);
      };
      return el('tr', {}, el('td', { textContent: g.user }), el('td', {}, rights), el('td', {}, save, revoke));
    });
    const table = rows.length
      ? el('table', {}, el('thead', {}, el('tr', {}, el('th', { textContent: t('shared.user') }),
        el('th', { textContent: t('shared.rights') }), el('th'))), el('tbody', {}, ...rows))
      : el('p', { textContent: t('shared.nobody') });
    const user = el('select', { id: 'grant-user-' + i }, ...personal.map((p) => el('option', { value: p.address, textContent: p.address })));
    const rights = el('input', { id: 'grant-rights-' + i, className: 'rights', required: true, value: 'lrs' });
    const form = el('form', { className: 'inline', 'aria-label': t('shared.grantOn', a.address) },
      el('label', { for: user.id, textContent: t('shared.user') }), user,
      el('label', { for: rights.id, textContent: t('shared.rights') }), rights,
      el('button', { type: 'submit', textContent: t('shared.grant') }));
    form.onsubmit = (e) => { e.preventDefault(); setRights(a, user.value, rights.value); };
    return el('section', { className: 'shared', 'aria-label': a.address }, el('h4', { textContent: a.address }), table, form);
  });
  $('shared').replaceChildren(...(blocks.length ? blocks : [el('p', { textContent: t('shared.none') })]));
}

async function setRights(shared, user, rights) {
  await api('PUT', `${accountPath(shared)}/acl/${encodeURIComponent(user)}`, { rights });
  openDomain(state.domain);
}

async function search(more) {
  const form = new FormData($('search-form'));
  const params = new URLSearchParams();
  for (const [k, v] of form) if (v) params.set(k, v);
  if (more && state.cursor) params.set('cursor', state.cursor);
  const scope = state.me && state.me.role === 'USER'
    ? '/api/v1/accounts/' + encodeURIComponent(state.me.address)
    : '/api/v1/domains/' + encodeURIComponent(state.domain);
  const page = await api('GET', scope + '/history?' + params);
  state.cursor = page.nextCursor;
  $('more').hidden = !page.nextCursor;
  $('total').textContent = t('history.total', page.total);
  const items = page.items.map((hit) => {
    const li = document.createElement('li');
    const head = document.createElement('strong');
    head.textContent = hit.subject || '—';
    const meta = document.createElement('div');
    meta.textContent = `${hit.from} → ${hit.to} · ${when(hit.date)} · ${bytes(hit.size)} · ${hit.address}`;
    li.append(head, meta);
    for (const snippet of hit.snippets || []) {
      const p = document.createElement('p');
      p.className = 'snippet';
      // snippets mark matches with <b>; everything else is text
      snippet.split(/(<b>.*?<\/b>)/).forEach((part) => {
        const m = part.match(/^<b>(.*)<\/b>$/);
        const node = m ? document.createElement('b') : document.createTextNode(part);
        if (m) node.textContent = m[1];
        p.append(node);
      });
      li.append(p);
    }
    if (hit.link && hit.link.kind === 'archive' && hit.link.archiveId) { // no id yet: still on its way to the archive
      const download = document.createElement('button');
      download.type = 'button';
      download.textContent = t('history.download');
      download.onclick = () => downloadEml(hit.link.address, hit.link.archiveId);
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.textContent = t('history.restore');
      restore.onclick = async () => {
        const restored = await api('POST',
          `/api/v1/accounts/${encodeURIComponent(hit.link.address)}/archive/${hit.link.archiveId}/restore`);
        const done = document.createElement('p');
        done.className = 'restored';
        done.setAttribute('role', 'status');
        done.textContent = t('history.restored', restored.folder);
        restore.replaceWith(done); // the entry has left the archive
        download.remove();
      };
      li.append(download, restore);
    }
    return li;
  });
  if (more) $('hits').append(...items); else $('hits').replaceChildren(...items);
}

async function downloadEml(address, id) {
  const response = await fetch(`/api/v1/accounts/${encodeURIComponent(address)}/archive/${id}/raw`,
    { headers: { Authorization: 'Bearer ' + state.token } });
  if (!response.ok) { showError(await response.json().catch(() => ({ detail: response.statusText }))); return; }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = id + '.eml';
  link.click();
  URL.revokeObjectURL(link.href);
}

// The ZIP is read as the gateway streams it, so its size can be shown as it grows; the browser keeps the parts.
async function downloadBackup(address) {
  const response = await fetch(`/api/v1/accounts/${encodeURIComponent(address)}/backup`,
    { headers: { Authorization: 'Bearer ' + state.token } });
  if (!response.ok) { showError(await response.json().catch(() => ({ detail: response.statusText }))); return; }
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(r.value);
    received += r.value.length;
    $('backup-status').textContent = t('backup.progress', address, bytes(received));
  }
  $('backup-status').textContent = t('backup.done', address, bytes(received));
  const name = (response.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(parts, { type: 'application/zip' }));
  link.download = name ? name[1] : 'backup-' + address + '.zip';
  link.click();
  URL.revokeObjectURL(link.href);
}

$('login-form').onsubmit = async (e) => {
  e.preventDefault();
  const session = await api('POST', '/api/v1/auth/login',
    { username: $('username').value, password: $('password').value });
  $('password').value = '';
  loggedIn(session.token);
};
$('token-form').onsubmit = (e) => { e.preventDefault(); loggedIn($('token').value.trim()); $('token').value = ''; };
$('domain-form').onsubmit = (e) => { e.preventDefault(); openDomain($('domain').value.trim().toLowerCase()); };
$('account-form').onsubmit = async (e) => {
  e.preventDefault();
  const body = { localPart: $('new-local').value, kind: $('new-kind').value };
  if ($('new-password').value) body.password = $('new-password').value;
  await api('POST', `/api/v1/domains/${encodeURIComponent(state.domain)}/accounts`, body);
  e.target.reset();
  openDomain(state.domain);
};
$('plan-form').onsubmit = async (e) => {
  e.preventDefault();
  const quotaBytes = Math.round(Number($('plan-gb').value) * 1e9);
  await api('PUT', `/api/v1/domains/${encodeURIComponent(state.domain)}/plan`, { quotaBytes });
  openDomain(state.domain);
};
$('search-form').onsubmit = (e) => { e.preventDefault(); search(false); };
$('more').onclick = () => search(true);
$('logout').onclick = logout;
$('lang').onchange = () => { state.lang = $('lang').value; localStorage.setItem('lang', state.lang); translate(); route(); };
window.onhashchange = route;

translate();
if (state.token) {
  api('GET', '/api/v1/auth/me').then((me) => { state.me = me; route(); }).catch(() => logout());
} else {
  route();
}
