// query.js NAME TIMEOUT_MS -- asks for _compute-utility._tcp.local with npm multicast-dns (an independent
// implementation) and prints every record it hears about instance NAME as JSON, then exits.
'use strict';
const mdns = require('multicast-dns')({ interface: '127.0.0.1', bind: '0.0.0.0', loopback: true });
const [name, timeoutMs] = [process.argv[2], Number(process.argv[3] || 5000)];
const type = '_compute-utility._tcp.local';
const instance = `${name}.${type}`;
const seen = [];
let finished = false;
const done = () => {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  clearInterval(again);
  console.log(JSON.stringify(seen));
  mdns.destroy();
};
mdns.on('response', (response) => {
  for (const r of [...response.answers, ...response.additionals]) {
    const data = Buffer.isBuffer(r.data) ? r.data.toString() : Array.isArray(r.data) ? r.data.map(String) : r.data;
    seen.push({ name: r.name, type: r.type, ttl: r.ttl, flush: r.flush, data });
  }
  const mine = seen.filter((r) => r.name === instance || (r.type === 'PTR' && r.data === instance));
  if (['PTR', 'SRV', 'TXT'].every((t) => mine.some((r) => r.type === t)) && seen.some((r) => r.type === 'A')) done();
});
mdns.on('warning', (e) => console.error('multicast-dns warning:', e.message));
// Ask again every second, as RFC 6762 §5.2 queriers do: a responder multicasts a record at most once a second.
const ask = () => mdns.query({ questions: [{ name: type, type: 'PTR' }] });
let again;
mdns.on('ready', () => { ask(); again = setInterval(ask, 1000); });
const timer = setTimeout(done, timeoutMs);
