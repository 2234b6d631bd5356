/* Your interviews in a link, for another device (Your interviews' "Use on another device"):
   the record, as an export file holds it, compressed by the browser's own deflate-raw, in
   base64url after "#ati=" in the address of Your interviews. A browser never sends the part
   of an address after "#" to the host, so the record goes from one device to the other and
   nowhere else. Where the browser has no CompressionStream the same JSON goes uncompressed,
   under its own marker, and still opens everywhere. Also the QR code of such a link, drawn
   with qrcode-generator (assets/vendor/, loaded with this file, only when a code is asked
   for), and the words Your interviews shows about it. Loaded on demand (window.atiCore.transfer), and in Node's test runner
   (tests/js/transfer.test.mjs). */
"use strict";
(function (make) {
  if (typeof module == "object" && module.exports) module.exports = make();
  else (globalThis.atiCore = globalThis.atiCore || {}).transfer = make();
})(() => {
  // "ati=" + the link's format version + how the rest is packed ("z": deflate-raw, "j": plain
  // JSON) + "." + base64url. A later version of the site may pack it another way: it then
  // writes a higher version, which this one says it cannot read, rather than "damaged".
  const VERSION = 1, PREFIX = "ati=", SHAPE = /^ati=(\d{1,6})([a-z])\.([A-Za-z0-9_-]*)$/;
  // Level M (about 15% of the code can be lost) rather than L: a screen adds glare, moiré
  // and reflections. At most version 25 (117 modules a side): beyond it, a code small
  // enough to fit a laptop's screen has modules too fine for a phone camera at arm's length.
  const LEVEL = "M", MAX_QR = 25, modules = v => 17 + 4 * v;
  // Never unpack more than an export file may hold (interviews.js's 1 MB): a link that
  // inflates past that is refused, however small it is.
  const MAX_TEXT = 1 << 20, MAX_LINK = Math.ceil(MAX_TEXT * 4 / 3) + 16;
  const compresses = () => typeof CompressionStream == "function";

  function toBase64url(bytes) {
    let bin = "";
    for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  // null for text that is not base64url (atob throws on it).
  function fromBase64url(text) {
    if (text.length % 4 == 1) return null;
    try {
      const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
      return Uint8Array.from(bin, c => c.charCodeAt(0));
    } catch (e) { return null; }
  }
  async function piped(bytes, stream, max) {
    const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader(), parts = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) { reader.cancel().catch(() => {}); throw new RangeError("too large"); }
      parts.push(value);
    }
    const out = new Uint8Array(size);
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  }

  // The record without its empty values ("", [] and {}), which cleaning puts back as they
  // were: a link a tenth shorter. The stored plan goes as it is (an empty `sig` or `steps`
  // is part of it).
  const bare = x => x === "" || Array.isArray(x) && !x.length || !!x && typeof x == "object" && !Array.isArray(x) && !Object.keys(x).length;
  const slim = v => Array.isArray(v) ? v.map(slim) : v && typeof v == "object"
    ? Object.fromEntries(Object.entries(v).filter(([k, x]) => k == "plan" || k == "steps" || !bare(x)).map(([k, x]) => [k, k == "plan" ? x : slim(x)])) : v;
  // The address that carries a record: base (Your interviews' own, without "#") and the
  // fragment of the record as an export file holds it ({ format, version, data }).
  const link = async (base, file, compress) => `${base}#${await pack(JSON.stringify({ ...file, data: slim(file.data) }), compress)}`;

  // The link's fragment (without "#") for an export file's JSON text. compress: false packs
  // it plain (what a browser without CompressionStream does).
  async function pack(text, compress = compresses()) {
    const bytes = new TextEncoder().encode(text);
    if (!compress) return `${PREFIX}${VERSION}j.${toBase64url(bytes)}`;
    return `${PREFIX}${VERSION}z.${toBase64url(await piped(bytes, new CompressionStream("deflate-raw"), Infinity))}`;
  }
  // A fragment (with or without "#") back to the JSON text: { text } or { why }, why being
  // one of the keys of SAID. The text is JSON, still to be read as an export file is.
  async function unpack(fragment) {
    const f = String(fragment).replace(/^#/, "");
    if (f.length > MAX_LINK) return { why: "long" };
    const m = SHAPE.exec(f);
    if (!m) return { why: "damaged" };
    if (+m[1] > VERSION) return { why: "newer" };
    if (+m[1] != VERSION || !"zj".includes(m[2])) return { why: "damaged" };
    const bytes = fromBase64url(m[3]);
    if (!bytes || !bytes.length) return { why: "damaged" };
    if (m[2] == "z" && typeof DecompressionStream != "function") return { why: "unpack" };
    let raw;
    try {
      raw = m[2] == "z" ? await piped(bytes, new DecompressionStream("deflate-raw"), MAX_TEXT) : bytes;
    } catch (e) { return { why: e instanceof RangeError ? "long" : "damaged" }; }
    if (raw.length > MAX_TEXT) return { why: "long" };
    // Text cut short still decodes when it went plain: it must be whole JSON.
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
      JSON.parse(text);
      return { text };
    } catch (e) { return { why: "damaged" }; }
  }
  const SAID = {
    damaged: "That link is damaged or cut short, so nothing in it can be read. Nothing was changed. Copy the whole link again, or use the file: Export everything on the other device, then import the file here.",
    long: "That link holds more than a backup from this site can, so it was not read. Nothing was changed.",
    newer: "That link was made by a newer version of this site. Reload this page to get the newer version, then open the link again. Nothing was changed.",
    unpack: "This browser cannot unpack that link. Update the browser, or use the file: Export everything on the other device, then import the file here. Nothing was changed.",
    came: "This link came from another device in the part of the address after #, which no website is sent. The link has ",
    copied: "Copied the link. Open it on the other device: paste it into the address bar, or send it to yourself.",
    select: "The link is selected: copy it with your device's own Copy.",
  };

  // The QR code of a link, as { count, path }: the modules a side (with no quiet zone) and
  // an SVG path of the dark ones, a rectangle per run along each row. null if the link
  // needs a code larger than MAX_QR. qrcode: qrcode-generator's function.
  function code(qrcode, text) {
    let qr;
    try {
      qr = qrcode(0, LEVEL);
      qr.addData(text, "Byte");
      qr.make();
    } catch (e) { return null; }  // past version 40: no code at all
    const count = qr.getModuleCount();
    if (count > modules(MAX_QR)) return null;
    let path = "";
    for (let y = 0; y < count; y++) {
      for (let x = 0; x < count; x++) {
        if (!qr.isDark(y, x)) continue;
        let run = 1;
        while (x + run < count && qr.isDark(y, x + run)) run++;
        path += `M${x} ${y}h${run}v1h-${run}z`;
        x += run - 1;
      }
    }
    return { count, path };
  }
  // The code as an SVG element (doc: the page's document): black on white with its quiet
  // zone of 4 modules, whatever the colour scheme, scaled by the page's stylesheet.
  function svg(doc, { count, path }) {
    const NS = "http://www.w3.org/2000/svg", q = 4, w = count + 2 * q, make = (tag, attrs) => {
      const e = doc.createElementNS(NS, tag);
      Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
      return e;
    };
    const out = make("svg", { viewBox: `${-q} ${-q} ${w} ${w}`, role: "img", "aria-label": "QR code of the link", "shape-rendering": "crispEdges" });
    out.append(make("rect", { x: -q, y: -q, width: w, height: w, fill: "#fff" }), make("path", { d: path, fill: "#000" }));
    return out;
  }
  // Your interviews' box for the code (root: the tool's element): the link, its code, or
  // why there is none. n: how many interviews, in words.
  function present(root, url, n, qrcode) {
    const qr = code(qrcode, url), $ = s => root.querySelector(s);
    $("#ati-transfer-link").value = url;
    $(".ati-transfer__code").replaceChildren(...qr ? [svg(root.ownerDocument, qr)] : []);
    $(".ati-transfer__say").textContent = qr ? `Point the other device's camera at this code, or copy the link and open it there. It carries your ${n} and every detail.`
      : `Your ${n} make a link of ${url.length} characters, more than one QR code a phone reads reliably from a screen can hold (about 1,000). ` +
        "Copy the link and open it on the other device, or use Export everything and import the file there. Some apps cut long links short: if the other device says the link is damaged, use the file.";
    $(".ati-transfer").hidden = false;
  }
  return { VERSION, PREFIX, LEVEL, MAX_QR, MAX_TEXT, MAX_LINK, modules, compresses, toBase64url, fromBase64url, slim, link, pack, unpack, SAID, code, svg, present };
});
