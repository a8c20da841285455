/* Rang chat widget: cited answers over Thai draft acts and session transcripts.
 * One file, no dependencies. Embed with
 *   <script src="https://HOST/widget.js" data-key="..." defer></script>   (floating button)
 * or place <rang-chat placement="inline" ...></rang-chat> (see docs/WIDGET.md).
 * Safety rule of this file: text from the service or the page is only ever inserted with
 * textContent / text nodes; the only HTML strings are the static templates below. */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('rang-chat')) return;

  const SCRIPT = document.currentScript;
  const ORIGIN = (() => {
    try { return new URL(SCRIPT && SCRIPT.src ? SCRIPT.src : location.href).origin; } catch (e) { return location.origin; }
  })();
  const FONT = '"Sarabun", "Noto Sans Thai", "Leelawadee UI", "Leelawadee", "Tahoma", "Thonburi", sans-serif';
  const MAX_TURNS = 30;

  const T = {
    th: {
      title: 'ถามตอบร่างกฎหมาย',
      open: 'เปิดหน้าต่างถามตอบร่างกฎหมาย',
      close: 'ปิด',
      reset: 'เริ่มบทสนทนาใหม่',
      intro: 'ถามเกี่ยวกับร่าง พ.ร.บ. และบันทึกการประชุม คำตอบจะอ้างอิงมาตราหรือช่วงเวลาที่มาของข้อความ',
      label: 'พิมพ์คำถาม',
      hint: 'Enter เพื่อส่ง · Shift+Enter ขึ้นบรรทัดใหม่',
      send: 'ส่ง',
      you: 'คำถาม',
      loading: 'กำลังค้นหาคำตอบ',
      sources: 'แหล่งอ้างอิง',
      source: 'แหล่งอ้างอิงที่',
      nfTitle: 'ไม่พบคำตอบในเอกสาร',
      nfText: 'ไม่พบข้อความในร่างกฎหมายหรือบันทึกการประชุมที่ตอบคำถามนี้ได้',
      related: 'เนื้อหาที่อาจเกี่ยวข้อง',
      note: 'หมายเหตุ: ',
      up: 'คำตอบนี้มีประโยชน์',
      down: 'คำตอบนี้ไม่มีประโยชน์',
      thanks: 'ขอบคุณ',
      retry: 'ลองอีกครั้ง',
      network: 'ติดต่อบริการไม่ได้ กรุณาตรวจสอบการเชื่อมต่อเครือข่าย แล้วลองอีกครั้ง',
      e401: 'รหัสการใช้งาน (key) ของเว็บไซต์นี้ไม่ถูกต้องหรือหมดอายุ กรุณาแจ้งผู้ดูแลเว็บไซต์',
      noKey: 'บริการต้องใช้รหัสการใช้งาน (key) แต่เว็บไซต์นี้ไม่ได้ระบุไว้ กรุณาแจ้งผู้ดูแลเว็บไซต์',
      e403: 'บริการไม่อนุญาตให้ใช้งานจากเว็บไซต์นี้ กรุณาแจ้งผู้ดูแลระบบ',
      e429: (n) => n ? `มีคำถามเข้ามามากเกินไป กรุณารอ ${n} วินาทีแล้วลองอีกครั้ง` : 'มีคำถามเข้ามามากเกินไป กรุณารอสักครู่แล้วลองอีกครั้ง',
      e5xx: 'บริการขัดข้องชั่วคราว กรุณาลองอีกครั้ง',
      e4xx: 'ส่งคำถามไม่สำเร็จ: ',
      bad: 'ได้รับคำตอบที่อ่านไม่ได้จากบริการ กรุณาลองอีกครั้ง',
      passage: 'ข้อความเต็ม',
      refersTo: 'อ้างถึง', referredBy: 'ถูกอ้างโดย', sectionFailed: 'เปิดมาตรานี้ไม่ได้ กรุณาลองอีกครั้ง',
      original: (n) => `เปิดไฟล์ต้นฉบับ (PDF) หน้า ${String(n).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[d])}`,
      originalFailed: 'เปิดไฟล์ต้นฉบับไม่ได้',
      oldVersion: 'ไม่ใช่ฉบับล่าสุด',
      draftNote: 'ร่าง ยังไม่มีผลใช้บังคับ',
      discussed: (v) => `ขณะนั้นพิจารณาร่าง${v}`,
      answerReady: 'คำตอบ: ',
      version: 'ฉบับที่ถาม',
      latestOf: (v) => `ฉบับล่าสุด (${v})`,
      allVersions: 'ทุกฉบับ',
      changes: 'ดูการเปลี่ยนแปลง',
      changesOf: 'ตารางเปรียบเทียบ',
      changeIn: { amended: 'แก้ไขใน', added: 'เพิ่มใน', removed: 'ตัดออกใน', renumbered: 'เปลี่ยนเลขใน' },
      oldCol: 'ฉบับเดิม', newCol: 'ฉบับใหม่', whatCol: 'สิ่งที่เปลี่ยน',
      noChanges: 'ไม่มีมาตราที่เปลี่ยน',
      diffFailed: 'เปิดตารางเปรียบเทียบไม่ได้ กรุณาลองอีกครั้ง',
    },
    en: {
      title: 'Ask about the drafts',
      open: 'Open the draft-law Q&A',
      close: 'Close',
      reset: 'Start a new conversation',
      intro: 'Ask about the draft acts and session transcripts. Answers cite the section or the time they come from.',
      label: 'Your question',
      hint: 'Enter sends · Shift+Enter for a new line',
      send: 'Send',
      you: 'Question',
      loading: 'Looking for an answer',
      sources: 'Sources',
      source: 'Source',
      nfTitle: 'Not found in the documents',
      nfText: 'No passage in the drafts or transcripts answers this question.',
      related: 'Possibly related',
      note: 'Note: ',
      up: 'This answer helped',
      down: 'This answer did not help',
      thanks: 'Thank you',
      retry: 'Retry',
      network: 'Cannot reach the service. Check the network connection and try again.',
      e401: "This site's access key is invalid or has expired. Please tell the site administrator.",
      noKey: 'The service needs an access key and this site gives none. Please tell the site administrator.',
      e403: 'The service does not accept questions from this site. Please tell the administrator.',
      e429: (n) => n ? `Too many questions right now. Please wait ${n} seconds and try again.` : 'Too many questions right now. Please wait a moment and try again.',
      e5xx: 'The service had a problem. Please try again.',
      e4xx: 'The question could not be sent: ',
      bad: 'The service sent a reply that could not be read. Please try again.',
      passage: 'Full passage',
      refersTo: 'Refers to', referredBy: 'Referred to by', sectionFailed: 'The section could not be opened. Please try again.',
      original: (n) => `Open the original PDF at page ${n}`, originalFailed: 'The original file could not be opened.',
      oldVersion: 'not the latest version',
      draftNote: 'a draft, not law in force',
      discussed: (v) => `discussing the draft's ${v}`,
      answerReady: 'Answer: ',
      version: 'Version asked',
      latestOf: (v) => `Latest (${v})`,
      allVersions: 'All versions',
      changes: 'What changed',
      changesOf: 'Comparison table',
      changeIn: { amended: 'amended in ', added: 'added in ', removed: 'removed in ', renumbered: 'renumbered in ' },
      oldCol: 'Old text', newCol: 'New text', whatCol: 'What changed',
      noChanges: 'No section changed',
      diffFailed: 'The comparison table could not be opened. Please try again.',
    },
  };

  const ICON = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    close: 'M6 6l12 12M18 6L6 18',
    reset: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
    send: 'M4 12l16-8-6 16-2-7z',
    up: 'M7 11v9H4v-9zM7 11l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2l-2 6a2 2 0 0 1-2 2H7',
    down: 'M7 13V4H4v9zM7 13l4 7a2 2 0 0 0 3-2l-1-4h6a2 2 0 0 0 2-2l-2-6a2 2 0 0 0-2-2H7',
  };

  const CSS = `
:host{all:initial!important;display:block!important;font-family:${FONT}!important;font-size:15px!important;
 line-height:1.7!important;color:#1c2430!important;visibility:visible!important;opacity:1!important;
 word-break:normal!important;overflow-wrap:anywhere!important;line-break:auto!important;text-align:left!important;
 direction:ltr!important}
:host([hidden]){display:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{font:inherit;color:inherit;--acc:var(--rang-accent,#1f4e8c)}
button,textarea{font:inherit;color:inherit;margin:0}
button{background:none;border:0;padding:0;cursor:pointer;line-height:inherit}
button:disabled{cursor:default;opacity:.55}
:focus-visible{outline:3px solid #e39b00;outline-offset:2px}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none;display:block}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;right:20px;bottom:20px;width:58px;height:58px;border-radius:50%;background:var(--acc);
 color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.3);z-index:2147483000}
.launcher svg{width:28px;height:28px}
.box{display:flex;flex-direction:column;background:#fff;border:1px solid #c9d3e0;border-radius:12px;overflow:hidden;
 height:var(--rang-height,540px)}
.floating .box{position:fixed;right:20px;bottom:90px;width:min(430px,calc(100vw - 24px));
 height:min(var(--rang-height,640px),calc(100vh - 110px));box-shadow:0 10px 34px rgba(0,0,0,.28);z-index:2147483000}
.box[hidden]{display:none}
.head{display:flex;align-items:center;gap:6px;background:var(--acc);color:#fff;padding:8px 10px 8px 16px}
.head h2{margin:0;flex:1;font-size:16px;font-weight:700;line-height:1.5}
.hb{width:34px;height:34px;border-radius:8px;display:flex;align-items:center;justify-content:center;color:#fff}
.hb:hover{background:rgba(255,255,255,.15)}
.log{flex:1;overflow-y:auto;padding:12px 14px;background:#f5f7fa;position:relative}
.intro{color:#4d5866;font-size:14px;margin:4px 0 10px}
.q{background:#dfe9f7;border-radius:12px 12px 2px 12px;padding:6px 12px;margin:10px 0 6px auto;width:fit-content;
 max-width:88%;white-space:pre-wrap}
.a{background:#fff;border:1px solid #d6dee9;border-radius:10px;padding:10px 12px;margin:0 0 12px}
.a.nf{background:#fff8ec;border-color:#e9c98f;border-left:5px solid #b86e00}
.nfh{font-weight:700;color:#7a4500;margin:0 0 2px}
.txt{white-space:pre-wrap;margin:0}
.ref{display:inline-block;min-width:19px;height:19px;padding:0 5px;margin:0 2px;border-radius:10px;background:var(--acc);
 color:#fff;font-size:11.5px;line-height:19px;text-align:center;position:relative;top:-.45em;font-weight:700}
.sh{font-size:12.5px;color:#4d5866;margin:10px 0 4px;font-weight:700}
.chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.chip{display:block;text-align:left;font-size:13.5px;line-height:1.6;background:#eef3fa;border:1px solid #bdcde3;
 border-radius:14px;padding:3px 11px;color:#163560;max-width:100%}
.chip:hover{background:#dde8f6}
.chip b{margin-right:5px}
.old{font-size:12px;color:#8a4b00}
.kind{display:inline-block;font-size:12px;line-height:1.4;padding:0 6px;border-radius:8px;
 background:#fff4d6;border:1px solid #d9a93a;color:#6b4500;font-weight:700}
.note{font-size:13px;color:#56606c;margin:8px 0 0;padding-top:6px;border-top:1px dashed #d3dae4}
.fb{display:flex;align-items:center;gap:6px;margin-top:8px}
.fb button{width:30px;height:30px;border:1px solid #c9d3e0;border-radius:8px;display:flex;align-items:center;
 justify-content:center;color:#4d5866}
.fb svg{width:17px;height:17px}
.fb button[aria-pressed=true]{background:var(--acc);border-color:var(--acc);color:#fff;opacity:1}
.thx{font-size:13px;color:#2d6a31}
.err{background:#fdeeee;border:1px solid #efb7b7;border-left:5px solid #b3261e;color:#6e1610;border-radius:10px;
 padding:10px 12px;margin:0 0 12px}
.err p{margin:0 0 6px}
.retry{border:1px solid #b3261e;background:#fff;color:#8c1d18;border-radius:8px;padding:2px 14px;font-weight:600}
.wait{color:#4d5866;margin:0 0 12px}
.wait::after{content:'';display:inline-block;width:1.2em;text-align:left;animation:dots 1.2s steps(4) infinite;
 vertical-align:bottom;overflow:hidden;white-space:nowrap}
@keyframes dots{0%{content:''}25%{content:'.'}50%{content:'..'}75%{content:'...'}}
form{border-top:1px solid #d6dee9;padding:8px 12px 10px;background:#fff}
label{display:block;font-size:13.5px;font-weight:700;margin-bottom:4px}
.row{display:flex;gap:8px;align-items:stretch}
textarea{flex:1;min-height:46px;max-height:160px;resize:vertical;border:1px solid #8f9db0;border-radius:8px;
 padding:7px 10px;line-height:1.6;background:#fff}
.send{background:var(--acc);color:#fff;border-radius:8px;padding:0 14px;font-weight:700;display:flex;align-items:center;gap:6px}
.hint{font-size:12px;color:#5f6a77;margin-top:3px}
dialog{border:0;border-radius:12px;padding:0;width:min(760px,calc(100vw - 24px));max-height:calc(100vh - 48px);
 color:#1c2430;background:#fff;font:inherit;box-shadow:0 12px 40px rgba(0,0,0,.35)}
dialog[open]{display:flex;flex-direction:column}
dialog::backdrop{background:rgba(16,24,40,.55)}
.ph{display:flex;align-items:flex-start;gap:8px;padding:12px 12px 8px 18px;border-bottom:1px solid #e1e6ee}
.ph h3{margin:0;flex:1;font-size:16.5px;line-height:1.6}
.ph .hb{color:#1c2430}
.ph .hb:hover{background:#eef1f5}
.pm{font-size:13.5px;color:#4d5866;padding:6px 18px 0;margin:0}
.pb{position:relative;overflow-y:auto;padding:10px 18px 20px;white-space:pre-wrap;font-size:16px;line-height:1.8;flex:1}
mark{background:#ffe98a;color:inherit;border-radius:2px;box-shadow:0 0 0 2px #ffe98a}
.vbar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;padding:6px 12px;border-top:1px solid #d6dee9;
 background:#f9fbfd;font-size:13.5px}
.vbar[hidden]{display:none}
.vbar label{margin:0;font-size:13px}
.vbar select{font:inherit;font-size:13.5px;border:1px solid #8f9db0;border-radius:6px;padding:1px 4px;background:#fff;max-width:100%}
.cbtn{border:1px solid var(--acc);color:var(--acc);border-radius:8px;padding:0 10px;font-size:13px;font-weight:600;background:#fff}
.chg{display:inline-block;font-size:12px;line-height:1.4;padding:0 6px;border-radius:8px;background:#e8f1ff;
 border:1px solid #6f93c7;color:#173f78;font-weight:700;margin:3px 0 0 4px;vertical-align:top}
.chg.removed{background:#fdeeee;border-color:#d88;color:#7a1d17}
.cmp{border-collapse:collapse;width:100%;font-size:14px;line-height:1.7;white-space:normal}
.cmp th,.cmp td{border:1px solid #c9d3e0;padding:4px 7px;vertical-align:top;text-align:left}
.cmp th{background:#eef3fa}
.cmp td{white-space:pre-wrap}
.cmp del{background:#fde2e1;text-decoration:line-through}
.cmp ins{background:#dcf3dc;text-decoration:none}
@media (max-width:520px){.floating .box{right:6px;left:6px;bottom:84px;width:auto}}
@media (prefers-reduced-motion:reduce){.wait::after{animation:none;content:'...'}}
@media (forced-colors:active){.ref,.chip,.launcher,.send{border:1px solid}}`;

  // ---------------------------------------------------------------------------------------
  // small pure helpers
  function el(tag, props, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids) if (kid != null) node.append(kid);
    return node;
  }

  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICON[name]);
    svg.append(path);
    return svg;
  }

  /** Cut at a word boundary (Thai has no spaces: the browser's own Thai segmenter finds them). */
  function clip(text, max) {
    if (text.length <= max) return text;
    let parts;
    try { parts = Array.from(new Intl.Segmenter('th', { granularity: 'word' }).segment(text), (s) => s.segment); }
    catch (e) { parts = Array.from(text); }
    let out = '';
    for (const p of parts) {
      if ((out + p).length > max - 1) break;
      out += p;
    }
    return (out || text.slice(0, max - 1)).trim() + '…';
  }

  /** Law titles abbreviated as officials write them; a long one loses a trailing "(...)", then a
   * subtitle after ":", then is cut at a word boundary. */
  function shortTitle(title, max) {
    let t = String(title || '').replace(/\s+/g, ' ').trim()
      .replace(/^ร่าง\s*พระราชบัญญัติ\s*/, 'ร่าง พ.ร.บ.')
      .replace(/^พระราชบัญญัติ\s*/, 'พ.ร.บ.')
      .replace(/\s*พ\.\s?ศ\.\s*\.{2,}\s*$/, '');
    if (t.length > max) t = t.replace(/\s*\([^()]*\)$/, '');
    if (t.length > max) t = t.split(/\s*[:：]\s+/)[0];
    return clip(t, max);
  }

  const SESSION_KINDS = ['transcript', 'note'];  // what was said or noted in a session
  const DRAFT = 'ร่าง';

  /** "ร่าง พ.ร.บ.… ฉบับที่ ๒ · มาตรา ๒๑ · หน้า ๗" or "MIND Meet Up · คุณสุภัตรา · 00:14:05".
   *  A draft's always opens with ร่าง, whatever its title, so that no one takes it for law in force. */
  function chipText(c, max = 40) {
    const title = String(c.title || '');
    const label = String(c.label || '');
    let text;
    if (title && label.startsWith(title)) text = shortTitle(title, max) + label.slice(title.length);
    else {
      let head = shortTitle(title, max);
      const version = String(c.version || '');
      if (!SESSION_KINDS.includes(c.kind) && version && !title.includes(version)) head += (head ? ' ' : '') + version;
      text = [head, label].filter(Boolean).join(' · ');
    }
    return c.kind === 'draft' && !text.startsWith(DRAFT) ? `${DRAFT} ${text}` : text;
  }

  /** [start, end) of quote in text: exact, else ignoring whitespace (Thai line breaks carry none). */
  function findSpan(text, quote) {
    quote = String(quote || '').trim();
    if (!quote) return null;
    const at = text.indexOf(quote);
    if (at >= 0) return [at, at + quote.length];
    const map = [];
    let flat = '';
    for (let i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) { flat += text[i]; map.push(i); }
    }
    const q = quote.replace(/\s+/g, '');
    const k = q ? flat.indexOf(q) : -1;
    return k < 0 ? null : [map[k], map[k + q.length - 1] + 1];
  }

  /** The citation link as an absolute URL on the endpoint, or null: only "/v1/..." paths. */
  function passageUrl(endpoint, link) {
    if (typeof link !== 'string' || !/^\/v1\/[\w\-.~%:@!$&'()*+,;=/]*$/.test(link)) return null;
    if (/\/\/|\/\.\.?(\/|$)/.test(link)) return null;
    try {
      const base = new URL(endpoint + '/');
      const url = new URL(endpoint + link);
      return url.origin === base.origin && url.pathname.startsWith(base.pathname + 'v1/') ? url.href : null;
    } catch (e) { return null; }
  }

  function sseParser(onEvent) {
    let buf = '';
    return (chunk) => {
      buf += chunk;
      buf = buf.replace(/\r\n|\r(?!$)/g, '\n');
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (!line || line[0] === ':') continue;
          const c = line.indexOf(':');
          const field = c < 0 ? line : line.slice(0, c);
          let value = c < 0 ? '' : line.slice(c + 1);
          if (value[0] === ' ') value = value.slice(1);
          if (field === 'event') name = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length) onEvent(name, data.join('\n'));
      }
    };
  }

  const CITE_FIELDS = ['marker', 'chunk_id', 'document', 'title', 'version', 'latest', 'kind', 'label',
    'section', 'section_printed', 'chapter_path', 'page_start', 'page_end', 'speakers', 'start', 'turn', 'quote', 'text',
    'link', 'status', 'changed_in', 'refers_to', 'referred_by', 'discussed_version', 'source_file'];
  const CHANGED = ['amended', 'added', 'removed', 'renumbered'];
  function slimCite(c) {
    const out = {};
    for (const k of CITE_FIELDS) if (c && c[k] != null) out[k] = c[k];
    return out;
  }
  function slimAnswer(a) {
    return {
      answer_id: String(a.answer_id || ''), language: a.language === 'en' ? 'en' : 'th', found: a.found !== false,
      answer: String(a.answer || ''), notice: a.notice ? String(a.notice) : '',
      citations: (Array.isArray(a.citations) ? a.citations : []).map(slimCite),
      related: (Array.isArray(a.related) ? a.related : []).map(slimCite),
    };
  }

  class HttpError extends Error {
    constructor(status, message, retryAfter) { super(message); this.status = status; this.retryAfter = retryAfter; }
  }

  async function httpError(res) {
    let message = '';
    let retry = parseInt(res.headers.get('Retry-After') || '', 10);
    try {
      const body = await res.json();
      message = String((body && body.error && body.error.message) || '');
      if (!(retry >= 0) && body && body.error && body.error.retry_after >= 0) retry = Math.ceil(body.error.retry_after);
    } catch (e) { /* not JSON */ }
    return new HttpError(res.status, message, retry >= 0 ? retry : null);
  }

  // ---------------------------------------------------------------------------------------
  class RangChat extends HTMLElement {
    connectedCallback() {
      if (this._root) return;
      const attr = (n) => (this.getAttribute(n) || '').trim();
      this.uiLang = /^en\b/i.test(attr('lang')) ? 'en' : 'th';
      this.t = T[this.uiLang];
      this.endpoint = (attr('endpoint') || ORIGIN).replace(/\/+$/, '');
      this.key = attr('key');
      this.doc = attr('document');
      this.originals = attr('originals') !== 'off'; // originals="off": no link to the original PDF
      this.floating = attr('placement') === 'floating';
      this.heading = attr('title') || this.t.title;
      this.storeKey = `rang-chat:v1:${this.endpoint}|${this.id || (this.floating ? 'floating' : 'inline')}|${this.doc}`;
      this.turns = [];
      this.busy = false;
      this._root = this.attachShadow({ mode: 'open' });
      this.build();
      this.restore();
      this.loadVersions();
    }

    build() {
      const t = this.t;
      const shadow = this._root;
      shadow.append(el('style', { text: CSS }));
      // title="" stops the host element's own title attribute from becoming a tooltip over everything
      const root = el('div', { class: 'root' + (this.floating ? ' floating' : ''), lang: this.uiLang, title: '' });
      this.live = el('div', { class: 'sr', 'aria-live': 'polite', role: 'status' });
      this.log = el('div', { class: 'log', role: 'region', 'aria-label': this.heading, tabindex: 0 },
        el('p', { class: 'intro', text: t.intro }));
      this.input = el('textarea', { id: 'q', rows: 2, maxlength: 2000, autocomplete: 'off', 'aria-describedby': 'hint' });
      this.sendBtn = el('button', { class: 'send', type: 'submit' }, icon('send'), t.send);
      const form = el('form', { onsubmit: (e) => { e.preventDefault(); this.submit(); } },
        el('label', { for: 'q', text: t.label }),
        el('div', { class: 'row' }, this.input, this.sendBtn),
        el('div', { class: 'hint', id: 'hint', text: t.hint }));
      this.input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
      });
      const head = el('div', { class: 'head' }, el('h2', { id: 'ttl', text: this.heading }),
        el('button', { class: 'hb', type: 'button', title: t.reset, 'aria-label': t.reset, onclick: () => this.reset() }, icon('reset')));
      this.vbar = el('div', { class: 'vbar', hidden: true });  // filled when a document has several versions
      this.box = el('section', { class: 'box', id: 'panel', 'aria-labelledby': 'ttl' }, head, this.log, this.vbar, form);
      if (this.floating) {
        head.append(el('button', { class: 'hb', type: 'button', title: t.close, 'aria-label': t.close, onclick: () => this.toggle(false) }, icon('close')));
        this.box.setAttribute('role', 'dialog');
        this.box.hidden = true;
        this.launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'panel',
          'aria-label': t.open, title: this.heading, onclick: () => this.toggle(this.box.hidden) }, icon('chat'));
        root.append(this.launcher);
        root.addEventListener('keydown', (e) => {
          if (e.key === 'Escape' && !this.box.hidden && !this.dlg.open) { e.preventDefault(); this.toggle(false); }
        });
      }
      this.buildDialog();
      root.append(this.box, this.dlg, this.live);
      shadow.append(root);
    }

    buildDialog() {
      const t = this.t;
      this.dlgTitle = el('h3', { id: 'pt', lang: 'th' });
      this.dlgClose = el('button', { class: 'hb', type: 'button', 'aria-label': t.close, title: t.close, onclick: () => this.closePassage() }, icon('close'));
      this.dlgMeta = el('p', { class: 'pm', lang: 'th' });
      this.dlgLinks = el('div', { class: 'pl', lang: 'th', hidden: true });
      this.dlgBody = el('div', { class: 'pb', lang: 'th', tabindex: 0, 'aria-label': t.passage });
      this.dlg = el('dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'pt' },
        el('div', { class: 'ph' }, this.dlgTitle, this.dlgClose), this.dlgMeta, this.dlgLinks, this.dlgBody);
      this.dlg.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.closePassage(); }
      });
      this.dlg.addEventListener('cancel', (e) => { e.preventDefault(); this.closePassage(); });
    }

    toggle(open) {
      if (!this.floating) return;
      this.box.hidden = !open;
      this.launcher.setAttribute('aria-expanded', String(open));
      if (open) { this.input.focus(); this.scrollEnd(); } else this.launcher.focus();
    }

    announce(text) {
      this.live.textContent = '';
      setTimeout(() => { this.live.textContent = text; }, 60);
    }

    scrollEnd() { this.log.scrollTop = this.log.scrollHeight; }

    /** A long answer is shown from its question down, not from its end. */
    showTurn(turn) {
      const q = turn.view.previousElementSibling;
      if (q && turn.view.offsetHeight + q.offsetHeight > this.log.clientHeight) this.log.scrollTop = q.offsetTop - 8;
      else this.scrollEnd();
    }

    headers(json) {
      const h = {};
      if (json) { h['Content-Type'] = 'application/json'; h.Accept = 'text/event-stream, application/json'; }
      if (this.key) h.Authorization = 'Bearer ' + this.key;
      return h;
    }

    // --- conversation ------------------------------------------------------------------------
    submit() {
      const q = this.input.value.trim();
      if (!q || this.busy) return;
      this.input.value = '';
      const turn = { q };
      this.turns.push(turn);
      this.renderTurn(turn);
      this.run(turn);
    }

    reset() {
      if (this.busy) return;
      this.turns = [];
      this.save();
      this.log.replaceChildren(el('p', { class: 'intro', text: this.t.intro }));
      this.input.focus();
    }

    renderTurn(turn) {
      turn.view = el('div');
      this.log.append(el('p', { class: 'q' }, el('span', { class: 'sr', text: this.t.you + ': ' }), turn.q), turn.view);
      if (turn.a) this.renderAnswer(turn);
      this.scrollEnd();
    }

    setBusy(busy) {
      this.busy = busy;
      this.sendBtn.disabled = busy;
      this.log.setAttribute('aria-busy', String(busy));
    }

    async run(turn) {
      const t = this.t;
      turn.view.replaceChildren(el('p', { class: 'wait', text: t.loading }));
      this.announce(t.loading);
      this.setBusy(true);
      const body = { question: turn.q, stream: true, top_k: 5 };
      if (this.doc) body.document = this.doc;
      const chosen = this.versionSel ? this.versionSel.value : '';
      if (chosen) {  // [key, label]: one version of one document, or [key, "all"]
        const [key, version] = JSON.parse(chosen);
        body.document = key;
        body.version = version;
      }
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), 180000);
      try {
        const res = await fetch(this.endpoint + '/v1/ask', {
          method: 'POST', headers: this.headers(true), body: JSON.stringify(body), signal: ctrl.signal,
        });
        if (!res.ok) throw await httpError(res);
        const type = res.headers.get('Content-Type') || '';
        const answer = type.includes('text/event-stream') && res.body ? await this.readStream(res, turn) : await res.json().catch(() => null);
        if (!answer || typeof answer.answer !== 'string') throw new HttpError(0, 'bad');
        turn.a = slimAnswer(answer);
        this.renderAnswer(turn);
        this.save();
        const a = turn.a;
        this.announce(a.found ? t.answerReady + a.answer.replace(/\s*\[\d+(?:\s*,\s*\d+)*\]/g, '')
          : t.nfTitle + ' ' + (a.answer || t.nfText));
      } catch (err) {
        this.renderError(turn, err);
      } finally {
        clearTimeout(timer);
        this.setBusy(false);
        this.showTurn(turn);
      }
    }

    async readStream(res, turn) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let done = null;
      let failure = null;
      let textNode = null;
      const feed = sseParser((name, data) => {
        let obj;
        try { obj = JSON.parse(data); } catch (e) { return; }
        if (name === 'meta') {
          textNode = document.createTextNode('');
          turn.view.replaceChildren(el('div', { class: 'a', 'aria-busy': 'true' },
            el('p', { class: 'txt', lang: obj.language === 'en' ? 'en' : 'th' }, textNode)));
        } else if (name === 'token' && textNode && obj && typeof obj.text === 'string') {
          const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
          textNode.appendData(obj.text);
          if (stick) this.scrollEnd();
        } else if (name === 'done') done = obj;
        else if (name === 'error') failure = new HttpError(500, String((obj && obj.message) || ''));
      });
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        feed(decoder.decode(value, { stream: true }));
        if (done || failure) break;
      }
      feed(decoder.decode() + '\n\n');
      reader.cancel().catch(() => {});
      if (failure) throw failure;
      if (!done) throw new HttpError(0, 'bad');
      return done;
    }

    errorText(err) {
      const t = this.t;
      if (!(err instanceof HttpError)) return t.network;
      const s = err.status;
      if (s === 0) return t.bad;
      if (s === 401) return this.key ? t.e401 : t.noKey;
      if (s === 403) return t.e403;
      if (s === 429) return t.e429(err.retryAfter);
      if (s >= 500) return t.e5xx;
      return t.e4xx + (err.message || String(s));
    }

    renderError(turn, err) {
      const text = this.errorText(err);
      const retry = el('button', { class: 'retry', type: 'button', text: this.t.retry,
        onclick: () => { if (!this.busy) this.run(turn); } });
      turn.view.replaceChildren(el('div', { class: 'err', role: 'alert' }, el('p', { text }), retry));
      if (err instanceof HttpError && err.status === 429 && err.retryAfter) {
        retry.disabled = true;
        setTimeout(() => { retry.disabled = false; }, Math.min(err.retryAfter, 300) * 1000);
      }
    }

    renderAnswer(turn) {
      const t = this.t;
      const a = turn.a;
      const box = el('div', { class: a.found ? 'a' : 'a nf' });
      if (!a.found) box.append(el('p', { class: 'nfh', text: t.nfTitle }));
      const txt = el('p', { class: 'txt', lang: a.language });
      this.renderMarked(txt, a.found ? a.answer : (a.answer || t.nfText), a.citations);
      box.append(txt);
      if (a.notice) box.append(el('p', { class: 'note', text: t.note + a.notice }));
      if (a.citations.length) box.append(...this.chipList(t.sources, a.citations, true));
      if (!a.found && a.related.length) box.append(...this.chipList(t.related, a.related, false));
      if (a.answer_id) box.append(this.feedbackRow(turn));
      turn.view.replaceChildren(box);
    }

    renderMarked(node, text, cites) {
      const byMarker = new Map(cites.map((c) => [Number(c.marker), c]));
      const re = /\[(\d+)\]/g;
      let last = 0;
      let m;
      while ((m = re.exec(text))) {
        const c = byMarker.get(Number(m[1]));
        if (!c) continue;
        node.append(text.slice(last, m.index));
        node.append(el('button', { class: 'ref', type: 'button', text: m[1], 'aria-label': `${this.t.source} ${m[1]}: ${chipText(c)}`,
          title: chipText(c), onclick: (e) => this.openPassage(c, e.currentTarget) }));
        last = m.index + m[0].length;
      }
      node.append(text.slice(last));
    }

    chipList(heading, cites, numbered) {
      const list = el('ul', { class: 'chips', 'aria-label': heading });
      for (const c of cites) {
        const label = chipText(c);
        const chip = el('button', { class: 'chip', type: 'button', lang: 'th', title: label,
          onclick: (e) => this.openPassage(c, e.currentTarget) });
        if (numbered && c.marker != null) chip.append(el('b', { text: `[${c.marker}]` }));
        if (c.kind === 'draft') {  // a badge, not only words in a title: a draft is not law in force
          chip.append(el('span', { class: 'kind', text: DRAFT, title: this.t.draftNote }), ' ',
            label.slice(DRAFT.length).trimStart());
        } else chip.append(label);
        if (c.latest === false) chip.append(' ', el('span', { class: 'old', text: `(${this.t.oldVersion})` }));
        const item = el('li', null, chip);
        if (CHANGED.includes(c.status) && c.changed_in) {  // "แก้ไขในฉบับที่ ๒": opens the section's comparison
          const what = this.t.changeIn[c.status] + c.changed_in;
          item.append(el('button', { class: 'chg ' + c.status, type: 'button', lang: 'th', text: what,
            title: `${this.t.changes}: ${what}`,
            onclick: (e) => this.openChanges(c.document, c.section, e.currentTarget) }));
        }
        list.append(item);
      }
      return [el('p', { class: 'sh', text: heading, 'aria-hidden': 'true' }), list];
    }

    feedbackRow(turn) {
      const t = this.t;
      const thanks = el('span', { class: 'thx', role: 'status' });
      const mk = (rating) => el('button', { type: 'button', 'aria-label': t[rating], title: t[rating],
        'aria-pressed': String(turn.rated === rating), disabled: !!turn.rated, onclick: () => this.rate(turn, rating, row, thanks) }, icon(rating));
      const row = el('div', { class: 'fb' }, mk('up'), mk('down'), thanks);
      if (turn.rated && turn.thanked) thanks.textContent = t.thanks;
      return row;
    }

    async rate(turn, rating, row, thanks) {
      const buttons = row.querySelectorAll('button');
      buttons.forEach((b, i) => { b.disabled = true; b.setAttribute('aria-pressed', String((i === 0) === (rating === 'up'))); });
      try {
        const res = await fetch(this.endpoint + '/v1/feedback', {
          method: 'POST', headers: this.headers(true), body: JSON.stringify({ answer_id: turn.a.answer_id, rating }),
        });
        if (res.ok || res.status === 404) {
          turn.rated = rating;
          turn.thanked = res.ok;
          if (res.ok) thanks.textContent = this.t.thanks;
          this.save();
          return;
        }
      } catch (e) { /* leave the buttons usable */ }
      buttons.forEach((b) => { b.disabled = false; b.setAttribute('aria-pressed', 'false'); });
    }

    // --- versions: the selector and the comparison table ---------------------------------------
    async loadVersions() {
      let docs = [];
      try {
        const res = await fetch(this.endpoint + '/v1/documents', { headers: this.headers(false) });
        if (!res.ok) return;
        const body = await res.json();
        docs = (body && Array.isArray(body.documents) ? body.documents : []).filter((d) => d
          && (!this.doc || d.document === this.doc) && !SESSION_KINDS.includes(d.kind)
          && Array.isArray(d.versions) && d.versions.length > 1);
      } catch (e) { return; }
      if (!docs.length) return;
      const t = this.t;
      this.versionSel = el('select', { id: 'ver' });
      for (const d of docs) {
        const group = docs.length > 1 ? el('optgroup', { label: shortTitle(String(d.title || d.document), 60) }) : this.versionSel;
        const latest = d.versions.find((v) => v.latest) || d.versions[d.versions.length - 1];
        if (d === docs[0]) this.versionSel.append(el('option', { value: '', text: t.latestOf(String(latest.version)) }));
        for (const v of d.versions) {
          group.append(el('option', { value: JSON.stringify([d.document, v.version]), text: String(v.version) }));
        }
        group.append(el('option', { value: JSON.stringify([d.document, 'all']), text: t.allVersions }));
        if (group !== this.versionSel) this.versionSel.append(group);
      }
      const compare = el('button', { class: 'cbtn', type: 'button', text: t.changes,
        onclick: (e) => {
          const key = this.versionSel.value ? JSON.parse(this.versionSel.value)[0] : docs[0].document;
          this.openChanges(key, null, e.currentTarget);
        } });
      this.vbar.replaceChildren(el('label', { for: 'ver', text: t.version }), this.versionSel, compare);
      this.vbar.hidden = false;
    }

    /** The comparison table (ตารางเปรียบเทียบ) of the version before the latest and the latest: of
     *  one section, or of every changed section; rendered from the diff's JSON as text nodes. */
    async openChanges(key, section, opener) {
      const t = this.t;
      this.opener = opener;
      this.showing = { changes: key };
      const shown = this.showing;
      this.dlgTitle.textContent = t.changesOf;
      this.dlgMeta.textContent = '';
      this.dlgMeta.hidden = true;
      this.dlgLinks.hidden = true;
      this.dlgBody.replaceChildren(el('p', { class: 'wait', text: t.loading }));
      if (!this.dlg.open) this.dlg.showModal();
      this.dlgClose.focus();
      let diff = null;
      try {
        const url = `${this.endpoint}/v1/documents/${encodeURIComponent(key)}/diff?unchanged=${section ? 'true' : 'false'}`;
        const res = await fetch(url, { headers: this.headers(false) });
        if (res.ok) diff = await res.json();
      } catch (e) { diff = null; }
      if (this.showing !== shown || !this.dlg.open) return;
      if (!diff || !Array.isArray(diff.sections)) {
        this.dlgBody.replaceChildren(el('p', { class: 'err', role: 'alert', text: t.diffFailed }));
        return;
      }
      const from = String((diff.from && diff.from.version) || '');
      const to = String((diff.to && diff.to.version) || '');
      this.dlgTitle.textContent = `${t.changesOf}: ${String(diff.title || key)}`;
      this.dlgMeta.textContent = `${from} → ${to}`;
      this.dlgMeta.hidden = false;
      const rows = diff.sections.filter((u) => u && (section
        ? u.kind === 'section' && (u.section === section || u.old_section === section)
        : u.status !== 'unchanged'));
      if (!rows.length) { this.dlgBody.replaceChildren(el('p', { text: t.noChanges })); return; }
      const head = el('tr', null, el('th', { text: `${t.oldCol} (${from})` }), el('th', { text: `${t.newCol} (${to})` }),
        el('th', { text: t.whatCol }));
      const body = rows.map((u) => el('tr', { 'data-status': String(u.status || '') },
        el('td', null, ...this.marked(u.old_text, u.changes, 'old')),
        el('td', null, ...this.marked(u.new_text, u.changes, 'new')),
        el('td', null, el('b', { text: String(u.label || u.old_label || '') + ' ' }),
          (t.changeIn[u.status] ? t.changeIn[u.status].replace(/ใน$|in $/, '').trim() : String(u.status || '')),
          u.summary ? ': ' + String(u.summary) : '')));
      this.dlgBody.replaceChildren(el('table', { class: 'cmp', lang: 'th' },
        el('thead', null, head), el('tbody', null, ...body)));
      this.dlgBody.scrollTop = 0;
    }

    /** One side's text with its changed words marked (<del> old, <ins> new), as text nodes. */
    marked(text, changes, side) {
      const s = typeof text === 'string' ? text : '';
      if (!s) return ['—'];
      const spans = (Array.isArray(changes) ? changes : [])
        .map((c) => side === 'old' ? [c.old_start, c.old_end] : [c.new_start, c.new_end])
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

    // --- passage viewer ----------------------------------------------------------------------
    async openPassage(c, opener) {
      this.opener = opener;
      this.showing = c;
      this.fillPassage(c, String(c.text || c.quote || ''), c.quote);
      if (!this.dlg.open) this.dlg.showModal();
      this.dlgClose.focus();
      this.scrollMark();
      const url = passageUrl(this.endpoint, c.link);
      if (!url) return;
      try {
        const res = await fetch(url, { headers: this.headers(false) });
        if (!res.ok) return;
        const full = await res.json();
        if (this.showing !== c || !this.dlg.open || !full || typeof full.text !== 'string') return;
        if (full.text !== c.text) {
          this.fillPassage(Object.assign({}, c, { label: full.label || c.label, chapter_path: full.chapter_path || c.chapter_path }), full.text, c.quote);
          this.scrollMark();
        }
      } catch (e) { /* the citation text is already shown */ }
    }

    fillPassage(c, text, quote) {
      this.dlgTitle.textContent = chipText(c, 160);
      const meta = [];
      if (Array.isArray(c.chapter_path) && c.chapter_path.length) meta.push(c.chapter_path.join(' › '));
      if (c.kind === 'draft') meta.push(this.t.draftNote);
      if (SESSION_KINDS.includes(c.kind) && Array.isArray(c.speakers) && c.speakers.length) meta.push(c.speakers.join(', '));
      if (SESSION_KINDS.includes(c.kind) && c.discussed_version) meta.push(this.t.discussed(c.discussed_version));
      if (c.latest === false) meta.push(this.t.oldVersion);
      this.dlgMeta.textContent = meta.join(' · ');
      this.dlgMeta.hidden = !meta.length;
      this.fillLinks(c);
      const span = findSpan(text, quote);
      if (!span) { this.dlgBody.replaceChildren(text); return; }
      this.dlgBody.replaceChildren(text.slice(0, span[0]), el('mark', { text: text.slice(span[0], span[1]) }), text.slice(span[1]));
    }

    /** "อ้างถึง มาตรา ๒๖ ๒๗" / "ถูกอ้างโดย มาตรา ๗๒": buttons that open that section of the same version. */
    fillLinks(c) {
      const rows = [];
      const thai = /[๐-๙]/.test(String(c.section_printed || c.label || ''));
      const shown = (n) => thai ? String(n).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[d]) : String(n);
      for (const [field, word] of [['refers_to', this.t.refersTo], ['referred_by', this.t.referredBy]]) {
        const list = Array.isArray(c[field]) ? c[field].filter((n) => typeof n === 'string' && n) : [];
        if (!list.length || !c.document) continue;
        rows.push(el('p', { 'data-links': field }, `${word} ${c.unit || 'มาตรา'} `, ...list.map((n) =>
          el('button', { type: 'button', class: 'lk', 'data-section': n, text: shown(n),
            onclick: () => this.openSection(c.document, n, c.version) }))));
      }
      const page = Number(c.page_start);
      if (this.originals && /\.pdf$/i.test(String(c.source_file || '')) && c.document && c.version && page > 0) {
        rows.push(el('p', { 'data-links': 'original' }, el('button', { type: 'button', class: 'lk', text: this.t.original(page),
          onclick: () => this.openOriginal(c.document, c.version, page) })));
      }
      this.dlgLinks.replaceChildren(...rows);
      this.dlgLinks.hidden = !rows.length;
    }

    /** The version's original PDF (GET /v1/documents/{key}/versions/{label}/file, with the key) at the page. */
    async openOriginal(key, version, page) {
      const win = window.open('about:blank', '_blank'); // opened now, while the click still counts
      try {
        const res = await fetch(`${this.endpoint}/v1/documents/${encodeURIComponent(key)}/versions/${encodeURIComponent(version)}/file`,
          { headers: this.headers(false) });
        if (!res.ok) throw new Error(String(res.status));
        const url = URL.createObjectURL(await res.blob());
        if (win) win.location.href = `${url}#page=${page}`;
        setTimeout(() => URL.revokeObjectURL(url), 600000);
      } catch (e) {
        if (win) win.close();
        this.dlgLinks.append(el('p', { class: 'err', role: 'alert', text: this.t.originalFailed }));
      }
    }

    /** One section of a document (the version given), from /v1/documents/{key}/sections/{n}. */
    async openSection(key, section, version) {
      const shown = { section: [key, section] };
      this.showing = shown;
      let s = null;
      try {
        const q = version ? `?version=${encodeURIComponent(version)}` : '';
        const url = `${this.endpoint}/v1/documents/${encodeURIComponent(key)}/sections/${encodeURIComponent(section)}${q}`;
        const res = await fetch(url, { headers: this.headers(false) });
        if (res.ok) s = await res.json();
      } catch (e) { s = null; }
      if (this.showing !== shown || !this.dlg.open) return;
      if (!s || typeof s.text !== 'string') {
        this.dlgBody.replaceChildren(el('p', { class: 'err', role: 'alert', text: this.t.sectionFailed }));
        return;
      }
      this.fillPassage(Object.assign({}, s, { title: s.title, label: s.label }), s.text, '');
      this.dlgBody.scrollTop = 0;
    }

    scrollMark() {
      const mark = this.dlgBody.querySelector('mark');
      this.dlgBody.scrollTop = mark ? Math.max(0, mark.offsetTop - this.dlgBody.clientHeight / 3) : 0;
    }

    closePassage() {
      if (!this.dlg.open) return;
      this.dlg.close();
      this.showing = null;
      const back = this.opener && this.opener.isConnected ? this.opener : this.input;
      back.focus();
    }

    // --- session history -----------------------------------------------------------------------
    save() {
      const keep = this.turns.filter((x) => x.a).slice(-MAX_TURNS)
        .map((x) => ({ q: x.q, a: x.a, rated: x.rated || '', thanked: !!x.thanked }));
      for (let n = keep.length; n >= 0; n -= Math.max(1, Math.ceil(n / 4))) {
        try { sessionStorage.setItem(this.storeKey, JSON.stringify(keep.slice(keep.length - n))); return; }
        catch (e) { if (n === 0) return; }
      }
    }

    restore() {
      let saved = [];
      try { saved = JSON.parse(sessionStorage.getItem(this.storeKey) || '[]'); } catch (e) { saved = []; }
      if (!Array.isArray(saved)) return;
      for (const x of saved) {
        if (!x || typeof x.q !== 'string' || !x.a) continue;
        const turn = { q: x.q, a: slimAnswer(x.a), rated: x.rated === 'up' || x.rated === 'down' ? x.rated : '', thanked: !!x.thanked };
        this.turns.push(turn);
        this.renderTurn(turn);
      }
    }
  }

  customElements.define('rang-chat', RangChat);

  // The script tag itself: data-placement="floating" (default) adds a chat button to the page,
  // "inline" puts a chat box where the tag is, "none" only defines <rang-chat>.
  if (SCRIPT && SCRIPT.dataset) {
    const d = SCRIPT.dataset;
    const placement = d.placement || 'floating';
    if (placement !== 'none') {
      const mount = () => {
        const chat = document.createElement('rang-chat');
        for (const k of ['endpoint', 'key', 'lang', 'title', 'document', 'originals']) if (d[k]) chat.setAttribute(k, d[k]);
        chat.setAttribute('placement', placement === 'inline' ? 'inline' : 'floating');
        const parent = SCRIPT.parentNode;
        if (placement === 'inline' && parent && parent !== document.head) SCRIPT.after(chat);
        else document.body.append(chat);
      };
      if (document.body) mount();
      else document.addEventListener('DOMContentLoaded', mount, { once: true });
    }
  }
})();
