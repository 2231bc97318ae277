// Internal addresses of CU-ORIG-3: loopback, private, link-local, unique-local, unspecified,
// carrier-grade NAT, multicast and reserved, also inside IPv4-mapped, -compatible, NAT64 and 6to4 IPv6.
import { isIP } from 'node:net';

/** @param {number[]} o four octets */
function internalV4(o) {
  const [a, b] = o;
  return a === 0 || a === 10 || a === 127 || a >= 224 // this network, private, loopback, multicast and reserved
    || (a === 100 && b >= 64 && b <= 127) // carrier-grade NAT
    || (a === 169 && b === 254) // link-local, cloud metadata
    || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168)
    || (a === 192 && b === 0 && o[2] === 0); // IETF protocol assignments
}

/** @param {string} text @returns {number[]} eight 16-bit groups */
function groupsV6(text) {
  // A trailing dotted quad (::ffff:1.2.3.4) becomes its two hex groups first.
  const address = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [head, rest] = address.split('::');
  const parse = (/** @type {string | undefined} */ s) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  return [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

/** @param {string} address an IPv4 or IPv6 literal (no brackets) */
export function isInternalAddress(address) {
  const version = isIP(address);
  if (version === 4) return internalV4(address.split('.').map(Number));
  if (version !== 6) return true;
  const g = groupsV6(address.split('%')[0].toLowerCase());
  const embedded = (/** @type {number} */ hi, /** @type {number} */ lo) => internalV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  if (g.slice(0, 7).every((x) => x === 0)) return true; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return embedded(g[6], g[7]); // mapped, compatible
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(g[6], g[7]); // NAT64
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4
  return (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xff00) === 0xff00; // link-local, ULA, multicast
}

/** @param {string} hostname a URL's hostname (IPv6 in brackets) */
export function isInternalHost(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  return isIP(literal) !== 0 && isInternalAddress(literal);
}
