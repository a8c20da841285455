/* Upload: files with their fields, a dry run of each (POST /v1/ingest/dry-run) before publishing
 * (POST /v1/ingest), then the job's progress per file and stage (GET /v1/jobs/{id}). */
import { KINDS, el, json, plain, reason, slug, thaiDigits, toast } from './api.js';
import { loadDocuments, state } from './documents.js';

const $ = (id) => document.getElementById(id);
const FIELDS = ['title', 'document', 'version', 'date', 'kind'];
const STAGES = [['extract', 'อ่านไฟล์'], ['parse', 'แยกโครงสร้าง'], ['chunk', 'ตัดเป็นช่วง'], ['embed', 'สร้างเวกเตอร์'],
  ['write', 'บันทึก'], ['publish', 'เผยแพร่']];
const ACTIONS = {
  new_document: ['เอกสารใหม่', 'ok'], new_version: ['ฉบับใหม่ของเอกสารเดิม', 'ok'],
  replaces: ['แทนที่ฉบับชื่อเดียวกัน (เนื้อหาต่างไป)', 'warn'], unchanged: ['เนื้อหาเดียวกับที่เผยแพร่แล้ว ไม่มีอะไรเปลี่ยน', ''],
};
const DONE = {
  ingested: ['นำเข้าแล้ว', 'ok'], unchanged: ['ไม่มีการเปลี่ยนแปลง (เนื้อหาเดิม)', ''], failed: ['ไม่สำเร็จ', 'bad'],
  pending: ['รอ', ''],
};
let items = []; // {file, fields, touched: Set, preview}
let onPublished = () => {};

export function setupUpload(refresh) {
  onPublished = refresh;
  $('files').addEventListener('change', () => add([...$('files').files]));
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => { ev.preventDefault(); drop.classList.remove('over'); add([...ev.dataTransfer.files]); });
  $('preview').addEventListener('click', () => preview());
  $('publish').addEventListener('click', () => publish());
  $('clear').addEventListener('click', () => { items = []; $('files').value = ''; render(); });
}

async function add(files) {
  for (const file of files) items.push({ file, fields: Object.fromEntries(FIELDS.map((f) => [f, ''])), touched: new Set(), preview: null });
  $('files').value = '';
  $('job').hidden = true;
  render();
  if (!state.documents.length) await loadDocuments().catch(() => {});
  await preview();
}

function form() {
  const data = new FormData();
  const manifest = {};
  for (const it of items) {
    data.append('files', it.file, it.file.name);
    const fields = Object.fromEntries(Object.entries(it.fields).filter(([, v]) => v));
    if (Object.keys(fields).length) manifest[it.file.name] = fields;
  }
  data.append('manifest', JSON.stringify(manifest));
  return data;
}

/** Dry run of every file; untouched fields take the service's suggestions, then the preview is redone
 * once when a suggestion changed what would be published. */
async function preview(again = true) {
  if (!items.length) return;
  showError('');
  $('publish').disabled = true;
  for (const it of items) it.preview = { pending: true };
  render();
  let res;
  try {
    res = await json('/v1/ingest/dry-run', { method: 'POST', body: form() });
  } catch (err) {
    for (const it of items) it.preview = null;
    render();
    showError(plain(err));
    return;
  }
  let changed = false;
  res.files.forEach((r, i) => {
    const it = items[i];
    if (!it) return;
    it.preview = r;
    if (!r.ok) return;
    const suggest = { title: r.title, document: r.suggested_document || r.document, version: nextLabel(r), date: r.date || '', kind: r.kind };
    for (const f of FIELDS) {
      if (!it.touched.has(f) && !it.fields[f] && suggest[f]) {
        it.fields[f] = suggest[f];
        changed = changed || ['document', 'version'].includes(f) && suggest[f] !== r[f];
      }
    }
  });
  render();
  if (changed && again) await preview(false);
  $('publish').disabled = !items.some((it) => it.preview && it.preview.ok);
}

/** A label for a new version of a known document: ฉบับที่ N+1 unless the file named one. */
function nextLabel(r) {
  const d = state.documents.find((x) => x.document === (r.suggested_document || r.document));
  if (!d || !d.versions.some((v) => v.version === r.version)) return r.version;
  return `ฉบับที่ ${thaiDigits(d.versions.length + 1)}`;
}

function render() {
  $('upload-actions').hidden = !items.length;
  $('upload-files').replaceChildren(...items.map((it, i) => card(it, i)));
}

function card(it, i) {
  const input = (f, label, attrs = {}) => el('label', null, label, el('input', Object.assign({
    type: 'text', name: f, value: it.fields[f],
    oninput: (ev) => {
      it.fields[f] = ev.target.value.trim();
      it.touched.add(f);
      if (f === 'title' && !it.touched.has('document')) {
        it.fields.document = slug(it.fields.title);
        ev.target.closest('.file').querySelector('input[name=document]').value = it.fields.document;
      }
    },
  }, attrs)));
  const kind = el('select', { name: 'kind', onchange: (ev) => { it.fields.kind = ev.target.value; it.touched.add('kind'); } },
    el('option', { value: '', text: 'เดาจากชื่อเรื่อง (guess)' }),
    ...Object.entries(KINDS).map(([k, v]) => el('option', { value: k, text: `${v} (${k})`, selected: it.fields.kind === k })));
  return el('div', { class: 'file', 'data-file': it.file.name },
    el('h3', null, it.file.name, ' ', el('small', { text: `${(it.file.size / 1024).toFixed(0)} KB` }), ' ',
      el('button', { type: 'button', class: 'link bad', text: 'นำออก', onclick: () => { items.splice(i, 1); render(); } })),
    el('div', { class: 'fields' },
      input('title', 'ชื่อเรื่อง (title)'),
      input('document', 'รหัสเอกสาร (document key)', { spellcheck: 'false' }),
      input('version', 'ชื่อฉบับ (version label)'),
      input('date', 'วันที่ (date)', { type: 'date' }),
      el('label', null, 'ประเภท (kind)', kind)),
    previewBlock(it.preview));
}

function previewBlock(p) {
  if (!p) return null;
  if (p.pending) return el('p', { class: 'preview muted', text: 'กำลังตรวจสอบโครงสร้าง… (dry run)' });
  if (!p.ok) return el('p', { class: 'preview error', role: 'alert', text: `ไฟล์นี้นำเข้าไม่ได้: ${reason(p.error)}` });
  const [word, tone] = ACTIONS[p.action] || [p.action, ''];
  const s = p.structure || {};
  const unit = p.unit || 'ช่วงพูด';
  const facts = [`${p.sections} ${unit}`, `${p.chunks} ชิ้น (chunks)`];
  if (p.pages) facts.push(`${p.pages} หน้า`);
  if (s.year) facts.push(`พ.ศ. ${s.year}`);
  const list = Array.isArray(s.sections) ? s.sections.map((x) => el('li', null,
    el('b', { text: `${p.unit || 'มาตรา'} ${x.number_printed}` }), ` (หน้า ${x.page_start}${x.page_end !== x.page_start ? '–' + x.page_end : ''}) `,
    x.chapter_path && x.chapter_path.length ? el('small', { text: `${x.chapter_path.join(' › ')} · ` }) : null, x.text_start || ''))
    : (s.turns || []).map((t) => el('li', null, el('b', { text: t.speaker || '?' }), ` ${t.chars} ตัวอักษร`));
  return el('div', { class: 'preview', 'data-action': p.action },
    el('p', null, el('span', { class: `badge ${tone}`, text: word }), ' ',
      `${p.document} · ${p.version} · ${KINDS[p.kind] || p.kind} · `, facts.join(' · ')),
    s.memorandum ? el('p', { class: 'muted', text: `มีบันทึกหลักการและเหตุผล (หน้า ${s.memorandum.page_start}–${s.memorandum.page_end})` }) : null,
    ...(p.warnings || []).slice(0, 8).map((w) => el('p', { class: 'muted', text: `⚠ ${w}` })),
    el('details', null, el('summary', { text: `โครงสร้างที่อ่านได้ (parsed structure): ${list.length} รายการ` }), el('ul', null, list)));
}

async function publish() {
  const ready = items.filter((it) => it.preview && it.preview.ok);
  if (!ready.length) return;
  items = ready;
  showError('');
  $('publish').disabled = true;
  let accepted;
  try {
    accepted = await json('/v1/ingest', { method: 'POST', body: form() });
  } catch (err) {
    showError(plain(err));
    $('publish').disabled = false;
    return;
  }
  items = [];
  render();
  await follow(accepted.job_id);
}

/** Poll the job about once a second (well inside RANG_RATE_IP_PER_MINUTE, 120 by default); a
 * 429 or a lost connection only waits, since the job runs on in the service either way. */
async function follow(jobId) {
  const box = $('job');
  box.hidden = false;
  let misses = 0;
  for (;;) {
    let job;
    try {
      job = await json(`/v1/jobs/${encodeURIComponent(jobId)}`);
      misses = 0;
    } catch (err) {
      const transient = err.status === 429 || err.status === 0 || err.status >= 500;
      if (!transient || ++misses > 30) {
        box.replaceChildren(el('p', { class: 'error', text: plain(err) }));
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 * Math.min(Math.max(err.retryAfter || 2, 1), 30)));
      continue;
    }
    box.replaceChildren(jobView(job));
    if (job.state === 'done' || job.state === 'failed') {
      toast(job.state === 'done' ? 'นำเข้าเสร็จแล้ว (job done)' : 'นำเข้าไม่สำเร็จ (job failed)');
      await onPublished();
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function jobView(job) {
  const head = { queued: 'รอคิว', running: 'กำลังนำเข้า', done: 'เสร็จแล้ว', failed: 'ไม่สำเร็จ' }[job.state] || job.state;
  return el('div', { class: 'card', id: 'job-card', 'data-state': job.state },
    el('h3', null, `งานนำเข้า ${job.job_id}: ${head} `, el('small', { text: job.stage || '' })),
    ...job.files.map((f) => {
      const at = STAGES.findIndex(([s]) => s === f.stage);
      const finished = f.stage === 'finished' || f.status !== 'pending';
      const [word, tone] = DONE[f.status] || [f.status, ''];
      const pct = finished ? 100 : f.total ? Math.round((100 * f.done) / f.total) : 0;
      return el('div', { class: 'file', 'data-file': f.name, 'data-status': f.status },
        el('p', null, el('b', { text: f.name }), ' ', el('span', { class: `badge ${tone}`, text: word }),
          f.document ? ` ${f.document} · ${f.version} · ${f.sections} มาตรา/ช่วง · ${f.chunks} ชิ้น` : ''),
        el('div', { class: 'stages' }, ...STAGES.map(([s, w], k) => el('span', {
          class: finished && f.status !== 'failed' || k < at ? 'done' : k === at ? 'now' : '', text: w }))),
        el('div', { class: 'progress' }, el('div', { style: `width:${pct}%` })),
        f.status === 'failed' ? el('p', { class: 'error', role: 'alert', text: reason(f.reason) }) : null,
        ...(f.warnings || []).slice(0, 5).map((w) => el('p', { class: 'muted', text: `⚠ ${w}` })));
    }),
    job.error ? el('p', { class: job.state === 'failed' ? 'error' : 'muted', text: reason(job.error) }) : null);
}

function showError(text) {
  const box = $('upload-error');
  box.textContent = text;
  box.hidden = !text;
}
