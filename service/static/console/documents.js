/* Documents and their versions: GET /v1/documents, with download (the kept original) and delete. */
import { KINDS, call, confirmAction, download, el, json, plain, toast } from './api.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
export const state = { documents: [], pipeline: '' };

export async function loadDocuments() {
  const [docs, ready] = await Promise.all([
    json('/v1/documents'),
    call('/readyz').then((r) => r.json()).catch(() => ({})),
  ]);
  state.documents = Array.isArray(docs.documents) ? docs.documents : [];
  state.pipeline = typeof ready.pipeline === 'string' ? ready.pipeline : '';
  state.generation = docs.generation;
  return state.documents;
}

export async function showDocuments() {
  const status = $('docs-status');
  status.textContent = 'กำลังโหลด…';
  try {
    await loadDocuments();
  } catch (err) {
    status.textContent = plain(err);
    throw err;
  }
  const versions = state.documents.reduce((n, d) => n + d.versions.length, 0);
  const stale = state.documents.flatMap((d) => d.versions.filter((v) => state.pipeline && v.pipeline !== state.pipeline));
  status.textContent = `${state.documents.length} เอกสาร · ${versions} ฉบับ · ดัชนีรุ่นที่ ${state.generation}`
    + (stale.length ? ` · ${stale.length} ฉบับสร้างด้วย pipeline รุ่นอื่น: รัน python -m ingest --reindex` : '');
  const rows = [];
  for (const d of state.documents) {
    d.versions.forEach((v, i) => rows.push(row(d, v, i === 0)));
  }
  if (!rows.length) rows.push(el('tr', null, el('td', { colspan: 10, class: 'muted', text: 'ยังไม่มีเอกสาร — ไปที่แท็บ "นำเข้าไฟล์"' })));
  $('docs-table').tBodies[0].replaceChildren(...rows);
}

function row(d, v, first) {
  const stale = state.pipeline && v.pipeline !== state.pipeline;
  const pages = v.pages ? String(v.pages) : '—';
  return el('tr', { class: first ? 'first' : null, 'data-document': d.document, 'data-version': v.version },
    el('td', null, first ? [d.title, el('span', { class: 'key', text: d.document })] : ''),
    el('td', { text: first ? (KINDS[d.kind] || d.kind) : '' }),
    el('td', { text: v.version }),
    el('td', { text: v.date || '—' }),
    el('td', { class: 'num', text: String(v.sections) }),
    el('td', { class: 'num', text: String(v.chunks) }),
    el('td', { class: 'num', text: pages }),
    el('td', null, el('span', { class: stale ? 'badge warn' : 'badge', title: stale ? 'สร้างด้วย pipeline รุ่นอื่น (stale)' : null,
      text: v.pipeline || 'unknown' })),
    el('td', null, v.latest ? el('span', { class: 'badge ok', text: '✓ ล่าสุด' }) : ''),
    el('td', null,
      el('button', { type: 'button', class: 'link', 'data-action': 'download', text: 'ดาวน์โหลดต้นฉบับ',
        onclick: () => fetchOriginal(d, v) }),
      d.versions.length > 1 && !['transcript', 'note'].includes(d.kind)
        ? el('button', { type: 'button', class: 'link', 'data-action': 'compare', text: 'เปรียบเทียบ',
          onclick: () => { location.hash = `#compare?doc=${enc(d.document)}&to=${enc(v.version)}`; } }) : null,
      el('button', { type: 'button', class: 'link bad', 'data-action': 'delete', text: 'ลบ',
        onclick: () => remove(d, v) })));
}

async function fetchOriginal(d, v) {
  try {
    await download(`/v1/documents/${enc(d.document)}/versions/${enc(v.version)}/file`, v.source_file || d.document);
  } catch (err) {
    toast(plain(err));
  }
}

async function remove(d, v) {
  const last = d.versions.length === 1;
  const text = `ลบฉบับ "${v.version}" ของ "${d.title}"?` + (last ? ' เป็นฉบับสุดท้าย เอกสารจะถูกลบออกจากดัชนีทั้งหมด' : '')
    + (v.latest && !last ? ' ฉบับก่อนหน้าจะกลายเป็นฉบับล่าสุด' : '') + ' (Delete this version; it cannot be undone.)';
  if (!(await confirmAction(text))) return;
  try {
    await call(`/v1/documents/${enc(d.document)}?version=${enc(v.version)}`, { method: 'DELETE' });
    toast(`ลบฉบับ "${v.version}" แล้ว`);
  } catch (err) {
    toast(plain(err));
  }
  await showDocuments();
}

$('docs-refresh').addEventListener('click', () => showDocuments().catch(() => {}));
