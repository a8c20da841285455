/* What staff asked: GET /v1/insights (figures, groups, comments), the server's SVG charts shown as images
 * (an image cannot run script), and CSV exports. */
import { call, download, el, json, plain, when } from './api.js';

const $ = (id) => document.getElementById(id);
const tz = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Bangkok';
const urls = [];

function query(extra) {
  return new URLSearchParams(Object.assign({ days: $('ins-days').value, tz: tz() }, extra || {})).toString();
}

async function chart(name) {
  const img = $(`chart-${name}`);
  const blob = await (await call(`/v1/insights/charts/${name}.svg?${query()}`)).blob();
  const url = URL.createObjectURL(blob);
  urls.push(url);
  await new Promise((resolve) => {
    img.onload = resolve;
    img.onerror = resolve;
    img.src = url;
  });
}

export async function showInsights() {
  while (urls.length) URL.revokeObjectURL(urls.pop());
  let data;
  try {
    data = await json(`/v1/insights?${query()}`);
  } catch (err) {
    $('ins-tiles').replaceChildren(el('p', { class: 'error', text: plain(err) }));
    throw err;
  }
  const share = data.share_answered === null ? '—' : `${Math.round(100 * data.share_answered)}%`;
  const down = data.groups.reduce((n, g) => n + g.downvotes, 0);
  $('ins-tiles').replaceChildren(
    tile('คำถามทั้งหมด', 'questions', String(data.asked)),
    tile('ตอบได้', 'share answered', share),
    tile('กลุ่มที่ตอบไม่ได้', 'unanswered groups', String(data.groups.filter((g) => g.unanswered).length)),
    tile('ไม่มีประโยชน์', 'down-votes', String(down)));
  const rows = data.groups.map((g) => el('tr', null,
    el('td', null, g.question, g.variants.length ? el('small', { class: 'key', text: `คำถามคล้ายกัน: ${g.variants.join(' · ')}` }) : null),
    el('td', { class: 'num', text: String(g.asked) }),
    el('td', { class: 'num', text: String(g.unanswered) }),
    el('td', { class: 'num', text: String(g.downvotes) }),
    el('td', { text: g.comments.join(' · ') })));
  $('ins-groups').tBodies[0].replaceChildren(...(rows.length ? rows
    : [el('tr', null, el('td', { colspan: 5, class: 'muted', text: 'ไม่มีคำถามที่ตอบไม่ได้หรือได้คะแนนไม่ดีในช่วงนี้' }))]));
  const comments = data.comments.map((c) => el('li', null,
    el('span', { class: c.rating === 'up' ? 'badge ok' : 'badge bad', text: c.rating === 'up' ? '👍' : '👎' }), ' ',
    el('b', { text: c.comment }), ' ', el('small', { text: `— “${c.question}” · ${when(c.at)}` })));
  $('ins-comments').replaceChildren(...(comments.length ? comments : [el('li', { class: 'muted', text: 'ยังไม่มีความคิดเห็น' })]));
  await Promise.all(['days', 'answered', 'sections'].map(chart));
}

function tile(th, en, value) {
  return el('div', null, el('small', { text: `${th} (${en})` }), el('b', { text: value }));
}

$('ins-days').addEventListener('change', () => showInsights().catch(() => {}));
for (const b of document.querySelectorAll('#ins-export button')) {
  b.addEventListener('click', () => download(`/v1/insights/export.csv?${query({ table: b.dataset.table })}`,
    `rang-${b.dataset.table}.csv`).catch((err) => $('ins-tiles').append(el('p', { class: 'error', text: plain(err) }))));
}
