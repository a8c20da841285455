/* The console's shared parts: the admin key (sessionStorage only), calls to the API, errors in plain
 * words, and `el`, the one way to build DOM. Safety rule, as in widget.js: text from the service goes in
 * through textContent / text nodes only; no HTML string is ever built from data. */

const KEY = 'rang-console-key';

export function key() {
  try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; }
}

export function setKey(value) {
  try { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ }
}

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
    this.retryAfter = retryAfter || 0; // seconds, from a 429's Retry-After
  }
}

/** fetch with the admin key; JSON errors {error: {code, message}} become ApiError. */
export async function call(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${options.key || key()}` }, options.headers || {});
  let res;
  try {
    res = await fetch(path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw new ApiError(0, 'network', 'ติดต่อบริการไม่ได้ กรุณาตรวจสอบเครือข่าย (the service cannot be reached)');
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    const err = body && body.error ? body.error : {};
    throw new ApiError(res.status, err.code, err.message || res.statusText, Number(res.headers.get('Retry-After')) || 0);
  }
  return res;
}

export async function json(path, options) {
  return (await call(path, options)).json();
}

/** A file the API returns, saved by the browser under `name`. */
export async function download(path, name) {
  const blob = await (await call(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/** An API error said to a person, Thai first. */
export function plain(err) {
  if (!(err instanceof ApiError)) return `เกิดข้อผิดพลาด: ${err && err.message ? err.message : err}`;
  const words = {
    network: err.message,
    unauthorized: 'รหัสผู้ดูแลไม่ถูกต้องหรือถูกยกเลิกแล้ว กรุณาเข้าสู่ระบบใหม่ (invalid or revoked key)',
    forbidden: 'รหัสนี้ไม่ใช่รหัสผู้ดูแล (admin) จึงใช้หน้านี้ไม่ได้ (a reader or widget key cannot use the console)',
    origin_not_allowed: 'รหัสนี้ไม่ใช่รหัสผู้ดูแล (admin) จึงใช้หน้านี้ไม่ได้ (a widget key cannot use the console)',
    too_large: 'ไฟล์ที่ส่งรวมกันใหญ่เกินกำหนดของบริการ (upload too large)',
    busy: 'กำลังนำเข้าไฟล์อื่นอยู่ กรุณารอให้เสร็จแล้วลองอีกครั้ง (an ingest is running)',
    rate_limited: 'เรียกใช้บ่อยเกินไป กรุณารอสักครู่ (rate limited)',
    not_found: 'ไม่พบรายการนี้แล้ว อาจถูกลบไปก่อนหน้า (not found)',
    original_not_kept: 'ไม่มีไฟล์ต้นฉบับของฉบับนี้ (นำเข้าก่อนที่ระบบจะเก็บต้นฉบับ) กรุณานำเข้าไฟล์อีกครั้ง',
  };
  if (words[err.code]) return words[err.code];
  if (err.code === 'unsupported_media_type' || err.code === 'invalid_request' || err.code === 'bad_upload') {
    return `ไฟล์หรือข้อมูลที่กรอกไม่ถูกต้อง: ${reason(err.message)}`;
  }
  return `ทำรายการไม่สำเร็จ (${err.status}): ${err.message}`;
}

const REASONS = [
  [/empty (file|transcript)/, 'ไฟล์ว่าง ไม่มีข้อมูล'],
  [/not a PDF/, 'ไฟล์นี้ไม่ใช่ PDF จริง (นามสกุล .pdf แต่เนื้อในไม่ใช่)'],
  [/corrupt PDF|PDF has no pages/, 'ไฟล์ PDF เสียหาย เปิดอ่านไม่ได้'],
  [/password/i, 'ไฟล์ PDF ตั้งรหัสผ่านไว้ กรุณาปลดรหัสผ่านก่อน'],
  [/no text on any|scanned/, 'ไม่พบข้อความในไฟล์ (อาจเป็นภาพสแกน)'],
  [/nothing to index|no text/, 'ไม่พบเนื้อหาที่นำเข้าได้ในไฟล์'],
  [/legacy Word \.doc/, 'ไฟล์ Word รุ่นเก่า (.doc) กรุณาบันทึกเป็น .docx หรือ PDF แล้วนำเข้าใหม่'],
  [/not a readable Word|Word document/, 'ไฟล์ Word เปิดอ่านไม่ได้'],
  [/unsupported file type/, 'ไม่รองรับไฟล์ชนิดนี้ (รองรับ .pdf .docx .vtt .srt .txt)'],
  [/too large/, 'ไฟล์ใหญ่เกินกำหนด'],
  [/WEBVTT|VTT|SRT|no cues|timestamp|cue ends/, 'ไฟล์บันทึกการประชุม (คำบรรยาย) อ่านไม่ได้หรือรูปแบบเวลาไม่ถูกต้อง'],
  [/no speaker turns/, 'ไม่พบบทพูดในไฟล์บันทึก (ต้องเป็นบรรทัด "ชื่อผู้พูด: ข้อความ")'],
  [/not text|UTF-16|control characters/, 'ไม่ใช่ไฟล์ข้อความ หรือใช้รหัสอักษรที่อ่านไม่ได้'],
  [/files are sessions|read as a document/, 'ประเภทเอกสารที่เลือกไม่ตรงกับชนิดไฟล์'],
  [/another ingest/, 'มีการนำเข้าอื่นกำลังทำงานอยู่ กรุณาลองใหม่ภายหลัง'],
  [/date must be/, 'วันที่ต้องอยู่ในรูปแบบ ปี-เดือน-วัน (YYYY-MM-DD)'],
];

/** A pipeline failure reason in plain Thai, with the technical words kept after it. */
export function reason(text) {
  const s = String(text || '');
  const hit = REASONS.find(([re]) => re.test(s));
  return hit ? `${hit[1]} (${s})` : s;
}

/** el('p', {class: 'x', text: '...'}, child, 'text', ...): attributes, then children (text or nodes). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'hidden') node.hidden = true;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

/** Ask before something that cannot be undone; resolves true when confirmed. */
export function confirmAction(text) {
  const dlg = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
  });
}

export const KINDS = {
  draft: 'ร่างกฎหมาย', act: 'พระราชบัญญัติ', regulation: 'กฎ/ระเบียบ/ประกาศ', transcript: 'บันทึกการประชุม (คำบรรยาย)',
  note: 'บันทึกการประชุม',
};

export function thaiDigits(s) {
  return String(s).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[d]);
}

/** A document key from a title, as the service makes one (ingest.manifest.slug). */
export function slug(text) {
  const s = String(text || '').normalize('NFC').trim().toLowerCase()
    .replace(/[^\p{L}\p{N}_\u0e00-\u0e7f]+/gu, '-').replace(/^-+|-+$/g, '');
  return s || 'document';
}

export function when(epoch) {
  try {
    return new Date(epoch * 1000).toLocaleString('th-TH', { dateStyle: 'medium', timeStyle: 'short' });
  } catch (e) { return String(epoch); }
}
