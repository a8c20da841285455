/* The comparison of two versions (ตารางเปรียบเทียบ) from GET /v1/documents/{key}/diff. */
import { call, download, el, json, plain } from './api.js';
import { loadDocuments, state } from './documents.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const STATUS = {
  amended: ['แก้ไข', 'warn'], added: ['เพิ่มใหม่', 'ok'], removed: ['ตัดออก', 'bad'], renumbered: ['เปลี่ยนเลข', ''],
  unchanged: ['ไม่เปลี่ยน', ''],
};

function comparable() {
  return state.documents.filter((d) => d.versions.length > 1 && !['transcript', 'note'].includes(d.kind));
}

function fillVersions(doc, to) {
  const d = comparable().find((x) => x.document === doc);
  const labels = d ? d.versions.map((v) => v.version) : [];
  const opts = (sel, pick) => sel.replaceChildren(...labels.map((l) => el('option', { value: l, text: l, selected: l === pick })));
  const newer = to && labels.includes(to) ? to : labels[labels.length - 1];
  const older = labels[Math.max(0, labels.indexOf(newer) - 1)];
  opts($('cmp-from'), older === newer ? labels[0] : older);
  opts($('cmp-to'), newer);
}

export async function showCompare() {
  if (!state.documents.length) await loadDocuments();
  const params = new URLSearchParams((location.hash.split('?')[1]) || '');
  const docs = comparable();
  const pick = params.get('doc') || ($('cmp-doc').value || (docs[0] && docs[0].document));
  $('cmp-doc').replaceChildren(...docs.map((d) => el('option', { value: d.document, text: d.title, selected: d.document === pick })));
  if (!docs.length) {
    $('cmp-status').textContent = 'ยังไม่มีเอกสารที่มีมากกว่าหนึ่งฉบับให้เปรียบเทียบ (no document has two versions yet)';
    $('cmp-result').replaceChildren();
    return;
  }
  fillVersions($('cmp-doc').value, params.get('to'));
  if (params.get('doc')) await compare();
}

function query(format) {
  const p = new URLSearchParams({ from: $('cmp-from').value, to: $('cmp-to').value });
  if (format) p.set('format', format);
  if ($('cmp-unchanged').checked) p.set('unchanged', 'true');
  return `/v1/documents/${enc($('cmp-doc').value)}/diff?${p}`;
}

async function compare() {
  const status = $('cmp-status');
  status.textContent = 'กำลังเปรียบเทียบ…';
  let d;
  try {
    d = await json(query(''));
  } catch (err) {
    status.textContent = plain(err);
    $('cmp-result').replaceChildren();
    return;
  }
  const c = d.counts || {};
  status.textContent = `${d.title}: ${d.from.version} → ${d.to.version} · แก้ไข ${c.amended} · เพิ่ม ${c.added}`
    + ` · ตัดออก ${c.removed} · เปลี่ยนเลข ${c.renumbered} · ไม่เปลี่ยน ${c.unchanged}`;
  const rows = (d.sections || []).filter((s) => $('cmp-unchanged').checked || s.status !== 'unchanged').map((s) => {
    const [word, tone] = STATUS[s.status] || [s.status, ''];
    return el('tr', { 'data-status': s.status },
      el('td', null, el('b', { text: s.old_label || '—' }), el('br'), ...marked(s.old_text, s.changes, 'old')),
      el('td', null, el('b', { text: s.label || '—' }), el('br'), ...marked(s.new_text, s.changes, 'new')),
      el('td', null, el('span', { class: `badge ${tone}`, text: word }), el('br'), s.summary || ''));
  });
  $('cmp-result').replaceChildren(el('table', { class: 'grid cmp' },
    el('thead', null, el('tr', null, el('th', { text: `ฉบับเดิม (${d.from.version})` }),
      el('th', { text: `ฉบับใหม่ (${d.to.version})` }), el('th', { text: 'สิ่งที่เปลี่ยน' }))),
    el('tbody', null, rows.length ? rows : el('tr', null, el('td', { colspan: 3, text: 'ไม่มีมาตราที่เปลี่ยน' })))));
}

/** One side's text with its changed words marked: <del> on the old side, <ins> on the new. */
function marked(text, changes, side) {
  const s = typeof text === 'string' ? text : '';
  if (!s) return ['—'];
  const spans = (Array.isArray(changes) ? changes : [])
    .map((c) => (side === 'old' ? [c.old_start, c.old_end] : [c.new_start, c.new_end]))
    .filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && b > a && b <= s.length)
    .sort((x, y) => x[0] - y[0]);
  const out = [];
  let at = 0;
  for (const [a, b] of spans) {
    if (a < at) continue;
    out.push(s.slice(at, a), el(side === 'old' ? 'del' : 'ins', { text: s.slice(a, b) }));
    at = b;
  }
  out.push(s.slice(at));
  return out;
}

$('cmp-doc').addEventListener('change', () => fillVersions($('cmp-doc').value, ''));
$('compare-form').addEventListener('submit', (ev) => { ev.preventDefault(); compare(); });
$('cmp-html').addEventListener('click', async () => {
  try {
    const blob = await (await call(query('html'))).blob();
    window.open(URL.createObjectURL(blob), '_blank', 'noopener');
  } catch (err) { $('cmp-status').textContent = plain(err); }
});
$('cmp-docx').addEventListener('click', () => download(query('docx'), `${$('cmp-doc').value}-diff.docx`)
  .catch((err) => { $('cmp-status').textContent = plain(err); }));
