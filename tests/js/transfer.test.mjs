// The link that carries the record to another device (docs/assets/javascripts/core/transfer.js):
// packing and unpacking, compressed and plain, what it refuses and why, and the QR code's path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { maker } from "./records.mjs";

const require = createRequire(import.meta.url);
const R = require("../../docs/assets/javascripts/core/record.js");
const T = require("../../docs/assets/javascripts/core/transfer.js");
const qrcode = require("qrcode-generator");
const FIXTURES = new URL("../fixtures/saved/", import.meta.url);
const BASE = "https://example.org/after-the-interview/interviews/";
const file = data => ({ format: "after-the-interview", version: R.VERSION, data });
// A link back to the record, as Your interviews reads it: unpacked, then cleaned.
const back = async url => {
  const got = await T.unpack(url.slice(url.indexOf("#")));
  assert.ok(got.text, `refused: ${got.why}`);
  const d = JSON.parse(got.text);
  assert.equal(d.format, "after-the-interview");
  assert.equal(d.version, R.VERSION);
  return R.clean(d.data);
};

test("a record comes back whole from its link, compressed or plain", async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const rec = maker(seed).record();
    for (const compress of [true, false]) {
      const url = await T.link(BASE, file(rec), compress);
      assert.ok(url.startsWith(BASE + "#ati=1" + (compress ? "z." : "j.")), url.slice(0, 80));
      assert.match(url.slice(BASE.length + 1), /^ati=1[zj]\.[A-Za-z0-9_-]+$/, "nothing a URL would escape");
      assert.deepEqual(await back(url), rec, `seed ${seed}, compress ${compress}`);
    }
  }
});

test("what earlier versions saved travels too", async () => {
  for (const name of readdirSync(FIXTURES).filter(n => n.endsWith(".json"))) {
    const rec = R.clean(JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")));
    assert.ok(rec, name);
    assert.deepEqual(await back(await T.link(BASE, file(rec))), rec, name);
  }
});

test("the empty values a link leaves out are what cleaning puts back", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rec = maker(seed).record();
    const slim = T.slim(rec);
    assert.ok(JSON.stringify(slim).length < JSON.stringify(rec).length, `seed ${seed}`);
    assert.doesNotMatch(JSON.stringify(slim), /:""|:\[\]|"later":\{\}/, `seed ${seed}`);
    assert.deepEqual(R.clean(slim), rec, `seed ${seed}`);
  }
  // A stored plan goes as it is, an empty signature or no steps included.
  const plan = { sig: "", steps: {} };
  assert.deepEqual(T.slim({ plan, x: "" }), { plan });
});

test("compression makes the link shorter than the plain one", async () => {
  const rec = maker(7).record(5), text = JSON.stringify(file(rec));
  const z = await T.pack(text, true), j = await T.pack(text, false);
  assert.ok(z.length < j.length / 2, `${z.length} vs ${j.length}`);
});

test("a damaged, cut, hostile or oversized link is refused with its reason", async () => {
  const good = await T.pack(JSON.stringify(file(maker(3).record(2))), true);
  const plain = await T.pack(JSON.stringify(file(maker(3).record(2))), false);
  const cases = {
    damaged: ["", "ati=", "ati=1z.", "x=1z.abc", good.slice(0, good.length >> 1), plain.slice(0, -7).replace(/.$/, "A"),
      good.replace("1z.", "1q."), "ati=1z.<script>alert(1)</script>", "ati=1j." + T.toBase64url(new Uint8Array([0xff, 0xfe, 0x00])),
      "ati=0z." + good.slice(7), "ati=1z." + "A".repeat(100000), "ati=1j.A"],
    long: ["ati=1z." + "A".repeat(T.MAX_LINK)],
    newer: ["ati=2z." + good.slice(7), "ati=9j.anything"],
  };
  for (const [why, list] of Object.entries(cases))
    for (const f of list) assert.deepEqual(await T.unpack(f), { why }, f.slice(0, 60));
  // A cut compressed link (the usual damage: a messaging app cut it short) is never read as
  // a shorter record.
  for (const cut of [10, 100, good.length - 8, good.length - 1])
    assert.deepEqual(await T.unpack(good.slice(0, cut)), { why: "damaged" }, `cut at ${cut}`);
  // A small link that inflates past what a backup may hold (a deflate bomb) is refused.
  const bomb = await T.pack("[" + "0,".repeat(T.MAX_TEXT) + "0]", true);
  assert.ok(bomb.length < 10000);
  assert.deepEqual(await T.unpack(bomb), { why: "long" });
  for (const why of ["damaged", "long", "newer", "unpack"]) assert.match(T.SAID[why], /Nothing was changed\./);
});

test("unpacking a compressed link without DecompressionStream says so; packing without CompressionStream goes plain", async () => {
  const good = await T.pack(JSON.stringify(file(maker(4).record(1))), true);
  const { CompressionStream: C, DecompressionStream: D } = globalThis;
  try {
    delete globalThis.CompressionStream;
    delete globalThis.DecompressionStream;
    assert.equal(T.compresses(), false);
    assert.deepEqual(await T.unpack(good), { why: "unpack" });
    const plain = await T.pack(JSON.stringify(file(maker(4).record(1))));
    assert.ok(plain.startsWith("ati=1j."));
    assert.ok((await T.unpack(plain)).text);
  } finally {
    Object.assign(globalThis, { CompressionStream: C, DecompressionStream: D });
  }
});

test("the QR code's path covers exactly its dark modules, and too long a link gets no code", () => {
  const text = BASE + "#ati=1z." + "Ab9_-".repeat(60);
  const got = T.code(qrcode, text), qr = qrcode(0, T.LEVEL);
  qr.addData(text, "Byte");
  qr.make();
  assert.equal(got.count, qr.getModuleCount());
  const dark = new Set();
  for (const [, x, y, w] of got.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
    for (let k = 0; k < +w; k++) {
      assert.ok(!dark.has(`${+x + k},${y}`), "no module drawn twice");
      dark.add(`${+x + k},${y}`);
    }
  for (let y = 0; y < got.count; y++)
    for (let x = 0; x < got.count; x++) assert.equal(dark.has(`${x},${y}`), qr.isDark(y, x), `${x},${y}`);
  // The largest code it draws is version 25; a link that needs more gets none.
  const fits = n => T.code(qrcode, "a".repeat(n));
  let n = 980;
  while (fits(n + 1)) n++;
  assert.equal(fits(n).count, T.modules(T.MAX_QR));
  assert.equal(fits(n + 1), null);
  assert.equal(fits(5000), null, "past version 40");
});
