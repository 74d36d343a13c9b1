// The fake Stripe behaves as Stripe does where tests rely on it. Run with
// `node --test tests/tools/fake-stripe.test.mjs` (tests/stripe.rs runs it too).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { parseForm, startFake } from "./fake-stripe.mjs";

const KEY = "sk_test_fakeShopKey123";
let fake;
let base;

async function call(method, path, params, { key = KEY, idempotencyKey } = {}) {
  const headers = { Authorization: `Bearer ${key}` };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const init = { method, headers };
  if (params) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = new URLSearchParams(params).toString();
  }
  const res = await fetch(base + path, init);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function control(action, body) {
  const res = await fetch(`${base}/_fake/${action}`, { method: body ? "POST" : "GET", body: body && JSON.stringify(body) });
  return res.json();
}

before(async () => {
  ({ child: fake, base } = await startFake());
});

after(() => fake.stdin.end());

test("bracket parameters become nested objects and arrays", () => {
  assert.deepEqual(parseForm("metadata[shop_sku]=A%231&line_items[0][price]=p&line_items[0][quantity]=1&c[]=PT&c[]=ES"), {
    metadata: { shop_sku: "A#1" },
    line_items: [{ price: "p", quantity: "1" }],
    c: ["PT", "ES"],
  });
});

test("keys: none, a wrong one, and a restricted key lacking a permission", async () => {
  assert.equal((await call("GET", "/v1/products", null, { key: "" })).status, 401);
  assert.equal((await call("GET", "/v1/products", null, { key: "pk_test_abc" })).status, 401);
  await control("restrict", { key: "rk_test_narrow1", deny: ["rak_product_write"] });
  assert.equal((await call("GET", "/v1/products", null, { key: "rk_test_narrow1" })).status, 200);
  const refused = await call("POST", "/v1/products", { name: "Mug" }, { key: "rk_test_narrow1" });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.type, "invalid_request_error");
  assert.match(refused.body.error.message, /Having the 'rak_product_write' permission/);
  assert.doesNotMatch(refused.body.error.message, /narrow1/);
});

test("the same idempotency key and body give the same object; another body an error", async () => {
  const params = { name: "Cup", "metadata[shop_sku]": "CUP" };
  const first = await call("POST", "/v1/products", params, { idempotencyKey: "k1" });
  const again = await call("POST", "/v1/products", params, { idempotencyKey: "k1" });
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  const other = await call("POST", "/v1/products", { name: "Bowl" }, { idempotencyKey: "k1" });
  assert.equal(other.status, 400);
  assert.equal(other.body.error.type, "idempotency_error");
});

test("lists page newest first with starting_after and has_more", async () => {
  for (const name of ["a", "b", "c", "d", "e"]) await call("POST", "/v1/products", { name, "metadata[page]": "yes" });
  const seen = [];
  let after;
  for (;;) {
    const page = await call("GET", `/v1/products?limit=2${after ? `&starting_after=${after}` : ""}`);
    seen.push(...page.body.data.map((p) => p.name));
    if (!page.body.has_more) break;
    after = page.body.data.at(-1).id;
  }
  assert.deepEqual(seen.slice(0, 5), ["e", "d", "c", "b", "a"]);
});

test("a price keeps its amount; a payment link shows its line items", async () => {
  const product = (await call("POST", "/v1/products", { name: "Print" })).body;
  const price = (await call("POST", "/v1/prices", { product: product.id, currency: "EUR", unit_amount: "2800", tax_behavior: "inclusive" })).body;
  assert.equal(price.currency, "eur");
  assert.equal((await call("POST", `/v1/prices/${price.id}`, { unit_amount: "1" })).status, 400);
  const rate = (await call("POST", "/v1/shipping_rates", { display_name: "Post", type: "fixed_amount", "fixed_amount[amount]": "450", "fixed_amount[currency]": "eur" })).body;
  const link = await call("POST", "/v1/payment_links", {
    "line_items[0][price]": price.id,
    "line_items[0][quantity]": "1",
    "after_completion[type]": "redirect",
    "after_completion[redirect][url]": "https://shop.example/thanks/?session_id={CHECKOUT_SESSION_ID}",
    "shipping_address_collection[allowed_countries][0]": "PT",
    "shipping_options[0][shipping_rate]": rate.id,
  });
  assert.equal(link.status, 200);
  assert.match(link.body.url, /^https:\/\/buy\.stripe\.com\/test_/);
  assert.deepEqual(link.body.shipping_address_collection, { allowed_countries: ["PT"] });
  const items = (await call("GET", `/v1/payment_links/${link.body.id}/line_items`)).body;
  assert.equal(items.data[0].price.id, price.id);
  const off = await call("POST", `/v1/payment_links/${link.body.id}`, { active: "false", inactive_message: "Sold out" });
  assert.equal(off.body.active, false);
  assert.equal(off.body.inactive_message, "Sold out");
});

test("a failed request and a cut connection, as the test asks", async () => {
  await control("fail", { nth: 1, status: 500 });
  assert.equal((await call("GET", "/v1/products")).status, 500);
  assert.equal((await call("GET", "/v1/products")).status, 200);
  await control("stop", { after: 0 });
  await assert.rejects(call("GET", "/v1/products"));
  await control("resume", {});
  assert.equal((await call("GET", "/v1/products")).status, 200);
  const log = await control("requests");
  assert.ok(log.some((r) => r.status === "cut"));
  assert.ok(log.every((r) => !JSON.stringify(r).includes(KEY)));
});

test("checkout sessions: paid through a link up to its limit, pending, settled, expired, listed since a time", async () => {
  const product = (await call("POST", "/v1/products", { name: "Bowl", "metadata[shop_sku]": "BOWL" })).body;
  const price = (await call("POST", "/v1/prices", { product: product.id, currency: "eur", unit_amount: "3000" })).body;
  const link = (await call("POST", "/v1/payment_links", {
    "line_items[0][price]": price.id,
    "line_items[0][quantity]": "1",
    "restrictions[completed_sessions][limit]": "2",
  })).body;
  const paid = await control("pay", { link: link.id, created: 1000 });
  assert.equal(paid.status, "complete");
  assert.equal(paid.payment_status, "paid");
  assert.equal(paid.payment_link, link.id);
  const pending = await control("pay", { link: link.id, payment: "pending", created: 2000 });
  assert.equal(pending.payment_status, "unpaid");
  const refused = await control("pay", { link: link.id });
  assert.equal(refused.error.code, "payment_link_inactive");
  assert.equal((await call("GET", `/v1/payment_links/${link.id}`)).body.restrictions.completed_sessions.count, 2);

  const since = (await call("GET", "/v1/checkout/sessions?status=complete&created[gte]=1500&expand[]=data.payment_intent&expand[]=data.line_items")).body;
  assert.deepEqual(since.data.map((s) => s.id), [pending.id]);
  assert.equal(since.data[0].payment_intent.status, "processing");
  assert.equal(since.data[0].line_items.data[0].price.id, price.id);
  await control("settle", { session: pending.id, outcome: "paid" });
  const settled = (await call("GET", `/v1/checkout/sessions/${pending.id}?expand[]=payment_intent`)).body;
  assert.equal(settled.payment_status, "paid");
  assert.equal(settled.payment_intent.status, "succeeded");

  const basket = (await call("POST", "/v1/checkout/sessions", {
    mode: "payment",
    "line_items[0][price_data][currency]": "eur",
    "line_items[0][price_data][unit_amount]": "500",
    "line_items[0][price_data][product_data][name]": "Card",
    "line_items[0][price_data][product_data][metadata][sku]": "CARD",
    "line_items[0][quantity]": "2",
  })).body;
  assert.equal(basket.status, "open");
  const items = (await call("GET", `/v1/checkout/sessions/${basket.id}/line_items?expand[]=data.price.product`)).body;
  assert.equal(items.data[0].price.product.metadata.sku, "CARD");
  assert.equal(items.data[0].amount_total, 1000);
  assert.equal((await control("expire", { session: basket.id })).status, "expired");
  assert.equal((await control("complete", { session: basket.id })).error.type, "invalid_request_error");
});

test("a basket's session: postage, one country, an expiry, and its checkout page sends the buyer back", async () => {
  const form = {
    mode: "payment",
    "line_items[0][price_data][currency]": "eur",
    "line_items[0][price_data][unit_amount]": "400",
    "line_items[0][price_data][product_data][name]": "Card",
    "line_items[0][quantity]": "1",
    "shipping_address_collection[allowed_countries][0]": "ES",
    "shipping_options[0][shipping_rate_data][type]": "fixed_amount",
    "shipping_options[0][shipping_rate_data][display_name]": "Postage",
    "shipping_options[0][shipping_rate_data][fixed_amount][amount]": "450",
    "shipping_options[0][shipping_rate_data][fixed_amount][currency]": "eur",
    success_url: "http://shop.test/thanks/?session_id={CHECKOUT_SESSION_ID}",
    allow_promotion_codes: "false",
  };
  const soon = Math.floor(Date.now() / 1000) + 60;
  const early = await call("POST", "/v1/checkout/sessions", { ...form, expires_at: String(soon) });
  assert.equal(early.status, 400, "Stripe's least expiry is 30 minutes");
  const later = String(Math.floor(Date.now() / 1000) + 31 * 60);
  const session = (await call("POST", "/v1/checkout/sessions", { ...form, expires_at: later })).body;
  assert.equal(session.expires_at, Number(later));
  const page = await fetch(session.url, { redirect: "manual" });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get("location"), `http://shop.test/thanks/?session_id=${session.id}`);
  const paid = (await call("GET", `/v1/checkout/sessions/${session.id}`)).body;
  assert.equal(paid.payment_status, "paid");
  assert.equal(paid.amount_total, 850);
  assert.equal(paid.customer_details.address.country, "ES");
  const log = await control("requests");
  assert.match(log.at(-2).raw, /^mode=payment&line_items%5B0%5D/);
});
