// The basket's card checkout function, called the way each host calls it, against the fake
// Stripe. tests/checkout.rs runs it (`cargo test --test checkout`) on the shop it builds,
// with these in the environment:
//   CHECKOUT_SITE        the built site (with basket: stripe)
//   CHECKOUT_CLOUDFLARE  the function `shop init --checkout cloudflare` wrote
//   CHECKOUT_NETLIFY     the function `shop init --checkout netlify` wrote
//   CHECKOUT_RECORD      where to save the form body Stripe received for a three-item basket
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { startFake } from "./fake-stripe.mjs";
import { serveSite } from "./checkout-server.mjs";

const KEY = "rk_test_shopCheckout42";
const env = process.env;
if (!env.CHECKOUT_SITE) throw new Error("run it with `cargo test --test checkout`, which builds the shop and sets CHECKOUT_SITE and the rest");
const cloudflare = await import(pathToFileURL(env.CHECKOUT_CLOUDFLARE).href);
const netlify = await import(pathToFileURL(env.CHECKOUT_NETLIFY).href);
let fake, stripe, site;

before(async () => {
  ({ child: fake, base: stripe } = await startFake());
  site = await serveSite(env.CHECKOUT_SITE, netlify.default);
  process.env.STRIPE_SECRET_KEY = KEY;
  process.env.SHOP_STRIPE_API = stripe;
});

after(() => {
  fake.stdin.end();
  site.server.close();
});

/** Two Blue cards, a poster in a tube and a frame that ships alone, to Portugal: each line
 * and the request carry a price and a name the function must not read. */
const THREE = {
  items: [
    { sku: "CARD-B", qty: 2, price: 0.01, name: "Free card" },
    { sku: "POSTER", qty: 1, price: 0.01, unit_amount: 1 },
    { sku: "FRAME", qty: 1 },
  ],
  country: "PT",
  lang: "zh-CN",
  price: 0.01,
  amount: 1,
  total: 1,
};

/** POSTs `body` (an object, or a text as is) to the Cloudflare function, as Pages does. */
async function viaCloudflare(body, { key = KEY } = {}) {
  const request = new Request("https://t.example/api/checkout", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const assets = { fetch: (url) => fetch(site.base + new URL(url).pathname) };
  const context = { request, env: { STRIPE_SECRET_KEY: key, SHOP_STRIPE_API: stripe, ASSETS: assets }, params: {} };
  const response = await cloudflare.onRequestPost(context);
  return { status: response.status, body: await response.json() };
}

/** POSTs `body` to the Netlify function, as Netlify does: a web Request and a context. */
async function viaNetlify(body) {
  const request = new Request(`${site.base}/api/checkout`, { method: "POST", body: JSON.stringify(body) });
  const response = await netlify.default(request, { site: { url: site.base } });
  return { status: response.status, body: await response.json() };
}

async function control(path) {
  return (await fetch(`${stripe}/_fake/${path}`)).json();
}

/** The last Checkout Session the fake made, with its line items. */
async function lastSession() {
  const sessions = await control("objects/checkout_sessions");
  const session = sessions.at(-1);
  const log = await control("requests");
  const made = log.filter((r) => r.path === "/v1/checkout/sessions" && r.method === "POST").at(-1);
  return { session, made };
}

test("the postage rule gives the numbers of shop's own (tests/fixtures/postage.json)", () => {
  const table = JSON.parse(readFileSync(new URL("../fixtures/postage.json", import.meta.url), "utf8"));
  for (const { why, parcels, subtotal, free_over, postage } of table) {
    const rates = Object.fromEntries(parcels.map(([alone, others], i) => [`p${i}`, [alone, others]]));
    const lines = parcels.map(([, , qty, separately], i) => ({ qty, item: { profile: `p${i}`, separately } }));
    for (const host of [cloudflare, netlify]) {
      assert.equal(host.postage({ free_over, rates }, lines, subtotal), postage, why);
    }
  }
});

test("Cloudflare: the session's amounts come from the price list, whatever the request says", async () => {
  const answer = await viaCloudflare(THREE);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const { session, made } = await lastSession();
  assert.equal(answer.body.url, session.url);
  assert.equal(made.stripe_version, "2026-11-18.endive");
  const lines = made.body.line_items.map((l) => [l.price_data.product_data.metadata.sku, l.price_data.unit_amount, l.quantity]);
  assert.deepEqual(lines, [["CARD-B", "400", "2"], ["POSTER", "3000", "1"], ["FRAME", "2500", "1"]]);
  assert.equal(session.amount_subtotal, 6300);
  // The tube goes first (8.00), two cards add 1.00 each, the frame ships alone (4.50).
  assert.equal(made.body.shipping_options[0].shipping_rate_data.fixed_amount.amount, "1450");
  writeFileSync(env.CHECKOUT_RECORD, made.raw);
});

test("the exact form body Stripe receives", async () => {
  const before = Math.floor(Date.now() / 1000);
  await viaCloudflare(THREE);
  const { made } = await lastSession();
  const form = [...new URLSearchParams(made.raw)];
  const value = (key) => form.find(([k]) => k === key)[1];
  assert.match(value("client_reference_id"), /^[A-Za-z0-9_-]{10}$/);
  assert.match(value("metadata[order]"), /^B1-PT-[A-Za-z0-9_-]{6}-[A-Za-z0-9_-]{21}-[A-Za-z0-9_-]$/);
  const expires = Number(value("expires_at")) - before;
  assert.ok(expires >= 30 * 60 && expires <= 32 * 60, `expires in ${expires} s`);
  const item = (i, name, sku, amount, qty) => [
    [`line_items[${i}][price_data][currency]`, "eur"],
    [`line_items[${i}][price_data][unit_amount]`, amount],
    [`line_items[${i}][price_data][product_data][name]`, name],
    [`line_items[${i}][price_data][product_data][metadata][sku]`, sku],
    [`line_items[${i}][quantity]`, qty],
  ];
  assert.deepEqual(form, [
    ["mode", "payment"],
    ...item(0, "卡片，蓝色", "CARD-B", "400", "2"),
    ...item(1, "海报", "POSTER", "3000", "1"),
    ...item(2, "Frame", "FRAME", "2500", "1"),
    ["shipping_address_collection[allowed_countries][0]", "PT"],
    ["shipping_options[0][shipping_rate_data][type]", "fixed_amount"],
    ["shipping_options[0][shipping_rate_data][display_name]", "运费"],
    ["shipping_options[0][shipping_rate_data][fixed_amount][amount]", "1450"],
    ["shipping_options[0][shipping_rate_data][fixed_amount][currency]", "eur"],
    ["client_reference_id", value("client_reference_id")],
    ["metadata[order]", value("metadata[order]")],
    ["success_url", "https://t.example/zh-cn/thanks/?session_id={CHECKOUT_SESSION_ID}"],
    ["cancel_url", "https://t.example/zh-cn/basket/"],
    ["expires_at", value("expires_at")],
    ["allow_promotion_codes", "false"],
  ]);
  assert.ok(!/0\.01|Free card/.test(made.raw), "nothing of the request's prices or names");
});

test("Netlify: the same basket makes the same session through the site's own price list", async () => {
  const answer = await viaNetlify({ ...THREE, lang: "en" });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const { session, made } = await lastSession();
  assert.equal(answer.body.url, session.url);
  assert.equal(session.amount_subtotal, 6300);
  assert.equal(made.body.success_url, `${site.base}/thanks/?session_id={CHECKOUT_SESSION_ID}`);
  assert.equal(made.body.cancel_url, `${site.base}/basket/`);
  const names = made.body.line_items.map((l) => l.price_data.product_data.name);
  assert.deepEqual(names, ["Card, Blue", "Poster", "Frame"], "the shop's own names for an English buyer");
  assert.equal(made.body.shipping_options[0].shipping_rate_data.display_name, "Postage");
});

test("an unknown SKU is 400, above the stock 409, a country not shipped to 422, a bad body 400", async () => {
  const cases = [
    [{ items: [{ sku: "NOPE", qty: 1 }], country: "PT" }, 400, "unknown"],
    [{ items: [{ sku: "CARD-B", qty: 6 }], country: "PT" }, 409, "stock"],
    [{ items: [{ sku: "CARD-B", qty: 3 }, { sku: "CARD-B", qty: 3 }], country: "PT" }, 409, "stock"],
    [{ items: [{ sku: "CARD-G", qty: 1 }], country: "PT" }, 409, "stock"],
    [{ items: [{ sku: "CARD-B", qty: 1 }], country: "US" }, 422, "country"],
    [{ items: [{ sku: "CARD-B", qty: 1 }], country: "XX" }, 422, "country"],
    ["not json", 400, "malformed"],
    [{ items: "CARD-B", country: "PT" }, 400, "malformed"],
    [{ items: [], country: "PT" }, 400, "malformed"],
    [{ items: [{ sku: "CARD-B", qty: 0 }], country: "PT" }, 400, "malformed"],
    [{ items: [{ sku: "CARD-B", qty: 1.5 }], country: "PT" }, 400, "malformed"],
    [{ items: [{ sku: "CARD-B", qty: 1 }] }, 400, "malformed"],
  ];
  const made = (await control("requests")).length;
  for (const [body, status, error] of cases) {
    assert.deepEqual(await viaCloudflare(body), { status, body: { error } }, JSON.stringify(body));
  }
  assert.equal((await control("requests")).length, made, "Stripe is never asked");
});

test("a Stripe error is 502, and Stripe's message stays out of the answer", async () => {
  await fetch(`${stripe}/_fake/fail`, { method: "POST", body: JSON.stringify({ nth: 1, status: 500 }) });
  assert.deepEqual(await viaCloudflare(THREE), { status: 502, body: { error: "stripe" } });
  const refused = await viaCloudflare(THREE, { key: "pk_test_notASecretKey" });
  assert.deepEqual(refused, { status: 502, body: { error: "stripe" } });
  assert.deepEqual(await viaCloudflare(THREE, { key: "" }), { status: 500, body: { error: "setup" } });
});
