// The card checkout of this shop's basket, written by `shop init --checkout` (see
// docs/payments.md). It turns a basket into a Stripe Checkout Session: the browser sends
// only SKUs, quantities, a country and its language; every price, name, stock cap and the
// postage come from the price list each `shop build` writes into the site
// (/basket/checkout.json; the names Stripe's page shows from the copy in the buyer's
// language, such as /zh-cn/basket/checkout.json), so what a buyer pays is what the shop's
// files say. Plain
// JavaScript with no dependencies: the host's `fetch`. The Stripe key comes only from the
// host's environment (STRIPE_SECRET_KEY). The host's own few lines follow at the end.

const STRIPE_VERSION = "2026-11-18.endive";
const PRICE_LIST = "/basket/checkout.json";
// Stripe takes 30 minutes at least, counted when it receives the request: a minute more
// keeps a slow request or a clock a little behind from being refused.
const EXPIRES_AFTER = 31 * 60;
const MOST_LINES = 100;
const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The answer to the browser: JSON, never cached. */
function answer(status, body) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/** The basket the browser sent, `{ items: [{sku, qty}], country, lang }`, or null. */
function basketOf(body) {
  if (!body || !Array.isArray(body.items) || typeof body.country !== "string") return null;
  if (!body.items.length || body.items.length > MOST_LINES) return null;
  const lines = new Map();
  for (const item of body.items) {
    const qty = item && item.qty;
    if (typeof item?.sku !== "string" || !Number.isInteger(qty) || qty < 1) return null;
    lines.set(item.sku, (lines.get(item.sku) || 0) + qty);
  }
  const lang = typeof body.lang === "string" ? body.lang : "";
  return { lines: [...lines].map(([sku, qty]) => ({ sku, qty })), country: body.country.toUpperCase(), lang };
}

// The shipping rule, as `postage` in src/config/shipping.rs (tests/fixtures/postage.json
// holds the cases both are tested on).
function zoneFor(list, country) {
  return list.zones.find((z) => z.countries.includes(country)) || list.zones.find((z) => !z.countries.length);
}
export function postage(zone, lines, subtotal) {
  if (zone.free_over !== null && subtotal >= zone.free_over) return 0;
  let separate = 0, others = 0, first = null;
  for (const l of lines) {
    const rate = zone.rates[l.item.profile || ""];
    if (!rate) continue;
    if (l.item.separately) { separate += rate[0] * l.qty; continue; }
    others += rate[1] * l.qty;
    if (!first || rate[0] > first[0] || (rate[0] === first[0] && rate[1] > first[1])) first = rate;
  }
  return first ? separate + first[0] + others - first[1] : separate;
}

// The basket's order code, as src/orders/code.rs writes it.
function digits(n, width) {
  let out = "";
  for (let i = 0; i < width; i++) { out = A[n % 64] + out; n = Math.floor(n / 64); }
  return out;
}
function fnv(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}
function checkCharacter(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const v = A.indexOf(body[body.length - 1 - i]);
    const w = i % 2 === 0 ? v * 2 : v;
    sum += Math.floor(w / 64) + (w % 64);
  }
  return A[(64 - (sum % 64)) % 64];
}
function orderCode(list, lines, country, post) {
  const priced = lines.map((l) => `${l.item.code}:${l.item.price};`).join("");
  const fingerprint = digits(fnv(`${list.currency}|${priced}|${post}`), 6);
  const body = `B1-${country}-${fingerprint}-${lines.map((l) => l.item.code + digits(l.qty, 2)).join("")}-`;
  return body + checkCharacter(body);
}

/** A short order id for `client_reference_id`: 10 random code characters. */
function orderId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => A[b % 64]).join("");
}

/** The basket priced from the price list, or the error code and status it earns. */
export function price(list, basket) {
  const lines = [];
  for (const { sku, qty } of basket.lines) {
    const item = list.items[sku];
    if (!item) return { status: 400, error: "unknown" };
    if (qty > item.cap) return { status: 409, error: "stock" };
    lines.push({ sku, qty, item });
  }
  const zone = list.checkout.countries.includes(basket.country) && zoneFor(list, basket.country);
  if (!zone) return { status: 422, error: "country" };
  const subtotal = lines.reduce((n, l) => n + l.item.price * l.qty, 0);
  return { lines, postage: postage(zone, lines, subtotal) };
}

/** The pages of the buyer's language, else of the shop's own. */
function pagesFor(list, basket) {
  return list.checkout.pages[basket.lang] || list.checkout.pages[list.checkout.language];
}

/**
 * The price list in the buyer's language, whose names Stripe's page shows; the shop's own
 * when the buyer's is the same or cannot be read. Prices always come from the shop's own.
 */
async function namesFor(list, basket, url, asset) {
  const basketPage = pagesFor(list, basket).basket;
  if (basketPage === list.checkout.pages[list.checkout.language].basket) return list;
  const listed = await asset(new URL(`${basketPage}checkout.json`, url).href).catch(() => null);
  const named = listed && listed.ok ? await listed.json().catch(() => null) : null;
  return named?.checkout && named.items ? named : list;
}

/** A line's name on Stripe's page: "Card, Blue", "卡片，蓝色". */
function nameOf(named, line) {
  const item = named.items[line.sku] || line.item;
  return item.variant ? item.title + named.checkout.comma + item.variant : item.title;
}

/** The Checkout Session's form body, as Stripe's bracket parameters. */
export function sessionForm(list, basket, priced, { origin, now, id, named = list }) {
  const currency = list.currency.toLowerCase();
  const pages = pagesFor(list, basket);
  const form = [["mode", "payment"]];
  priced.lines.forEach((l, i) => {
    const at = `line_items[${i}]`;
    const name = nameOf(named, l);
    form.push(
      [`${at}[price_data][currency]`, currency],
      [`${at}[price_data][unit_amount]`, String(l.item.price)],
      [`${at}[price_data][product_data][name]`, name],
      [`${at}[price_data][product_data][metadata][sku]`, l.sku],
      [`${at}[quantity]`, String(l.qty)],
    );
  });
  const rate = "shipping_options[0][shipping_rate_data]";
  form.push(
    ["shipping_address_collection[allowed_countries][0]", basket.country],
    [`${rate}[type]`, "fixed_amount"],
    [`${rate}[display_name]`, named.checkout.postage],
    [`${rate}[fixed_amount][amount]`, String(priced.postage)],
    [`${rate}[fixed_amount][currency]`, currency],
    ["client_reference_id", id],
    ["metadata[order]", orderCode(list, priced.lines, basket.country, priced.postage)],
    ["success_url", `${origin}${pages.thanks}?session_id={CHECKOUT_SESSION_ID}`],
    ["cancel_url", `${origin}${pages.basket}`],
    ["expires_at", String(Math.floor(now / 1000) + EXPIRES_AFTER)],
    ["allow_promotion_codes", "false"],
  );
  return new URLSearchParams(form).toString();
}

/**
 * Answers a POST of a basket: `{url}` of a new Checkout Session, or `{error}` (`malformed`
 * 400, `unknown` 400, `stock` 409, `country` 422, `stripe` 502, `setup` 500). `env` holds
 * STRIPE_SECRET_KEY (and SHOP_STRIPE_API, for tests); `asset(url)` fetches a file of the
 * site.
 */
export async function checkout(request, env, asset, { now = Date.now(), id = orderId() } = {}) {
  if (request.method !== "POST") return answer(405, { error: "malformed" });
  const basket = basketOf(await request.json().catch(() => null));
  if (!basket) return answer(400, { error: "malformed" });
  const origin = new URL(request.url).origin;
  const listed = await asset(new URL(PRICE_LIST, request.url).href).catch(() => null);
  const list = listed && listed.ok ? await listed.json().catch(() => null) : null;
  if (!list?.checkout || !env.STRIPE_SECRET_KEY) {
    console.error(list ? "STRIPE_SECRET_KEY is not set" : `no price list at ${PRICE_LIST}: build with basket: stripe`);
    return answer(500, { error: "setup" });
  }
  const priced = price(list, basket);
  if (priced.error) return answer(priced.status, { error: priced.error });
  const named = await namesFor(list, basket, request.url, asset);
  const api = env.SHOP_STRIPE_API || "https://api.stripe.com";
  const made = await fetch(`${api}/v1/checkout/sessions`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      "Stripe-Version": STRIPE_VERSION,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: sessionForm(list, basket, priced, { origin, now, id, named }),
  }).catch((e) => ({ ok: false, status: 0, json: async () => ({ error: { message: String(e) } }) }));
  const session = await made.json().catch(() => ({}));
  if (!made.ok || typeof session.url !== "string") {
    console.error(`Stripe refused the Checkout Session (${made.status}): ${session.error?.message}`);
    return answer(502, { error: "stripe" });
  }
  return answer(200, { url: session.url });
}
