/* The console's entry: sign-in with an admin key, the tabs (#documents, #upload, #compare, #insights). */
import { ApiError, json, key, plain, setKey } from './api.js';
import { showDocuments } from './documents.js';
import { showCompare } from './compare.js';
import { showInsights } from './insights.js';
import { setupUpload } from './upload.js';

const TABS = { documents: showDocuments, upload: () => {}, compare: showCompare, insights: showInsights };
const $ = (id) => document.getElementById(id);

/** An admin key opens the console; any other key is told why not (the API answers 403). */
async function check(candidate) {
  await json('/v1/jobs?limit=1', { key: candidate });
}

function signedIn(on) {
  $('login').hidden = on;
  $('tabs').hidden = !on;
  $('logout').hidden = !on;
  if (!on) for (const s of document.querySelectorAll('.tab')) s.hidden = true;
}

function route() {
  if (!key()) return;
  const name = (location.hash || '#documents').slice(1).split('?')[0];
  const tab = TABS[name] ? name : 'documents';
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== tab;
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('on', a.dataset.tab === tab);
  Promise.resolve(TABS[tab]()).catch((err) => {
    if (err instanceof ApiError && err.status === 401) signOut(plain(err));
  });
}

function signOut(message) {
  setKey('');
  signedIn(false);
  const box = $('login-error');
  box.textContent = message || '';
  box.hidden = !message;
  $('key').focus();
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const candidate = $('key').value.trim();
  const box = $('login-error');
  box.hidden = true;
  try {
    await check(candidate);
  } catch (err) {
    box.textContent = plain(err);
    box.hidden = false;
    return;
  }
  setKey(candidate);
  $('key').value = '';
  signedIn(true);
  route();
});

$('logout').addEventListener('click', () => signOut(''));
window.addEventListener('hashchange', route);
setupUpload(() => showDocuments());

if (key()) {
  check(key()).then(() => { signedIn(true); route(); }, (err) => signOut(plain(err)));
} else {
  signedIn(false);
}
