// A fake of the Stripe API endpoints `shop` uses, for tests: no network, no dependencies.
// Both the Rust tests (tests/stripe.rs) and `node --test` tests start it the same way:
//
//   node tests/tools/fake-stripe.mjs        # prints `http://127.0.0.1:PORT` on stdout
//
// and point `shop` at it with SHOP_STRIPE_API=that address. It exits when its standard input
// closes (the test that started it ended) or on SIGTERM. Everything is kept in memory.
//
// What it does like Stripe (shapes from the `stripe` npm package's type definitions):
// - Bearer (or Basic) auth with test or live keys: `sk_test_…`, `rk_test_…`, `sk_live_…`,
//   `rk_live_…`; test and live objects are kept apart. A restricted key can be made to lack
//   permissions (below): it then gets Stripe's 403 `invalid_request_error`.
// - Form-encoded bodies with bracket parameters (`metadata[shop_sku]=A`,
//   `line_items[0][price]=price_1`, `allowed_countries[]=PT`), unknown parameters refused.
// - Idempotency keys: the same key and body give the same response (`Idempotent-Replayed`),
//   the same key with another body a 400 `idempotency_error`.
// - Products, Prices (amounts cannot change), Payment Links (with line items; an update may
//   change shipping, not the prices) and Shipping rates: create, update, retrieve, list
//   (newest first, `limit`, `starting_after`, `ending_before`, `has_more`, filters `active`
//   and `product`).
//
// - Checkout Sessions (`/v1/checkout/sessions`): create (`line_items` with `price` or
//   `price_data`, `client_reference_id`, `metadata`, `success_url`, `cancel_url`,
//   `expires_at` 30 minutes to 24 hours ahead, `allow_promotion_codes`,
//   `shipping_address_collection[allowed_countries]`, `shipping_options` with
//   `shipping_rate_data` of a fixed amount), retrieve, list (newest first, filters
//   `status`, `payment_link`, `created[gte]`/`created[lte]`), their `line_items`, and `expand`
//   of `line_items`/`data.line_items`, `payment_intent`/`data.payment_intent` and
//   `line_items.data.price.product`. A session is `open` and `unpaid` until a test route
//   below completes it; its `payment_intent` tells a pending payment (`processing`) from a
//   failed one (`requires_payment_method`).
//
// Test-only routes (no auth), under /_fake/:
// - GET  /_fake/requests        every API request received, in order: method, path, query,
//                               body (parsed), raw (the form body as sent), idempotency_key,
//                               stripe_version, status.
//                               The key itself is never recorded.
// - GET  /_fake/objects/TYPE    every object of TYPE (products, prices, payment_links,
//                               shipping_rates, checkout_sessions) in both modes, oldest first.
// - POST /_fake/restrict        {"key": "rk_test_…", "deny": ["rak_payment_link_write"]}:
//                               that key lacks those permissions (`rak_<resource>_<read|write>`;
//                               without read there is no write either).
// - POST /_fake/fail            {"nth": N, "status": 500}: the Nth API request from now fails
//                               with that status and Stripe's error shape, doing nothing.
// - POST /_fake/stop            {"after": N}: after N more API requests, every request has its
//                               connection cut without an answer (a network failure mid-run)...
// - POST /_fake/resume          ...until this.
// - POST /_fake/pay             {"link": "plink_…", "quantity": 1, "country": "PT",
//                               "payment": "paid"|"pending"|"no_payment_required", "mode": "test"}:
//                               a buyer pays through a Payment Link: a session is made and
//                               completed, unless the link is inactive or its
//                               `restrictions.completed_sessions.limit` is reached (then 400,
//                               as Stripe refuses the checkout page). Answers the session.
// - GET  /_fake/checkout/cs_…  a session's `url`, its checkout page: the buyer pays at once
//                               (shipped to its first allowed country) and is sent (303) to its
//                               `success_url`, `{CHECKOUT_SESSION_ID}` filled in.
// - POST /_fake/complete        {"session": "cs_…", "payment": "paid"|"pending"|"no_payment_required",
//                               "mode": "test"}: completes an open session made through the API.
// - POST /_fake/settle          {"session": "cs_…", "outcome": "paid"|"failed", "mode": "test"}:
//                               a pending payment succeeds or fails.
// - POST /_fake/expire          {"session": "cs_…", "mode": "test"}: an open session expires.
// - POST /_fake/count_since_limit  {}: from now on a link's `restrictions.completed_sessions.count`
//                               counts only the sessions completed since its limit was first set
//                               (by default it counts all the link's completed sessions): Stripe's
//                               documentation does not say which, so `shop` must work with both.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const RESOURCES = {
  products: { prefix: "prod_", object: "product", permission: "product" },
  prices: { prefix: "price_", object: "price", permission: "price" },
  payment_links: { prefix: "plink_", object: "payment_link", permission: "payment_link" },
  shipping_rates: { prefix: "shr_", object: "shipping_rate", permission: "shipping_rate" },
  "checkout/sessions": { prefix: "cs_", object: "checkout.session", permission: "checkout_session" },
};

const state = {
  objects: { test: new Map(), live: new Map() }, // id -> object, per mode
  created: 0,
  idempotent: new Map(), // mode + key -> { fingerprint, status, body }
  requests: [],
  denied: new Map(), // key -> Set of permissions it lacks
  failAt: null, // { remaining, status }
  stopAfter: null, // requests left before connections are cut
  intents: new Map(), // payment intent id -> { id, object, status }
  countSinceLimit: false, // a link's completed_sessions.count starts when its limit is set
  origin: "http://127.0.0.1", // this fake's address, for the sessions' checkout pages
};

/** A Stripe-looking id: the prefix and 14 letters and digits, unique in this run. */
function newId(prefix) {
  state.created += 1;
  const hash = createHash("sha256").update(`${prefix}${state.created}`).digest("base64url");
  return prefix + hash.replace(/[-_]/g, "").slice(0, 14);
}

function now() {
  return Math.floor(Date.now() / 1000);
}

/** Stripe's error body. */
function stripeError(status, type, message, extra = {}) {
  return { status, body: { error: { type, message, ...extra } } };
}

function missing(param) {
  return stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, {
    code: "parameter_missing",
    param,
  });
}

function invalid(param, message) {
  return stripeError(400, "invalid_request_error", message, { code: "parameter_invalid_empty", param });
}

function noSuch(what, id) {
  return stripeError(404, "invalid_request_error", `No such ${what}: '${id}'`, {
    code: "resource_missing",
    param: "id",
  });
}

/**
 * Parses a form body with bracket parameters into nested objects and arrays:
 * `a[b][0][c]=1&a[d][]=x` -> { a: { b: [{ c: "1" }], d: ["x"] } }.
 */
export function parseForm(text) {
  const root = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const parts = name.split("[").map((p, i) => (i === 0 ? p : p.replace(/\]$/, "")));
    let node = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const key = part === "" ? (Array.isArray(node) ? node.length : Object.keys(node).length) : part;
      if (last) {
        node[key] = value;
      } else {
        const nextIsIndex = parts[i + 1] === "" || /^\d+$/.test(parts[i + 1]);
        node[key] ??= nextIsIndex ? [] : {};
        node = node[key];
      }
    });
  }
  return root;
}

function bool(value) {
  return value === true || value === "true";
}

/** Metadata as Stripe keeps it: strings, an empty value removes the key. */
function mergeMetadata(current, given) {
  const merged = { ...current };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === "") delete merged[key];
    else merged[key] = String(value);
  }
  return merged;
}

/** The first parameter not in `allowed`, as Stripe refuses it. */
function unknownParameter(params, allowed) {
  const unknown = Object.keys(params).find((k) => !allowed.includes(k) && k !== "expand");
  return unknown && stripeError(400, "invalid_request_error", `Received unknown parameter: ${unknown}`, {
    param: unknown,
  });
}

function integer(value) {
  return /^\d+$/.test(String(value ?? "")) ? Number(value) : null;
}

function find(mode, type, id) {
  const object = state.objects[mode].get(id);
  return object && object.object === RESOURCES[type].object ? object : null;
}

function store(mode, object) {
  state.objects[mode].set(object.id, object);
  object.__seq = state.created;
  return { status: 200, body: object };
}

const create = {
  "checkout/sessions"(mode, p) {
    const bad = unknownParameter(p, [
      "line_items", "mode", "success_url", "cancel_url", "client_reference_id", "metadata", "shipping_address_collection",
      "shipping_options", "currency", "payment_method_types", "expires_at", "allow_promotion_codes",
    ]);
    if (bad) return bad;
    const ahead = p.expires_at === undefined ? 86400 : (integer(p.expires_at) ?? 0) - now();
    if (ahead < 1800 || ahead > 86400) {
      return invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
    }
    const countries = p.shipping_address_collection?.allowed_countries;
    if (countries !== undefined && (!Array.isArray(countries) || !countries.every((c) => /^[A-Z]{2}$/.test(c)))) {
      return invalid("shipping_address_collection[allowed_countries]", "Invalid array");
    }
    const shipping = [];
    for (const [i, option] of (p.shipping_options ?? []).entries()) {
      const data = option.shipping_rate_data;
      if (!data?.display_name) return missing(`shipping_options[${i}][shipping_rate_data][display_name]`);
      const amount = integer(data.fixed_amount?.amount);
      if (data.type !== "fixed_amount" || amount === null || !data.fixed_amount.currency) {
        return missing(`shipping_options[${i}][shipping_rate_data][fixed_amount][amount]`);
      }
      shipping.push({ shipping_amount: amount, shipping_rate: newId("shr_") });
    }
    if (!Array.isArray(p.line_items) || p.line_items.length === 0) return missing("line_items");
    const items = [];
    for (const [i, item] of p.line_items.entries()) {
      const quantity = integer(item.quantity);
      if (!quantity) return missing(`line_items[${i}][quantity]`);
      if (item.price) {
        const price = find(mode, "prices", item.price);
        if (!price) return noSuch("price", item.price);
        items.push({ price: price.id, quantity });
        continue;
      }
      const data = item.price_data;
      if (!data) return missing(`line_items[${i}][price]`);
      let product = data.product;
      if (!product) {
        if (!data.product_data?.name) return missing(`line_items[${i}][price_data][product_data][name]`);
        product = create.products(mode, { name: data.product_data.name, metadata: data.product_data.metadata }).body.id;
      }
      const made = create.prices(mode, { currency: data.currency, product, unit_amount: data.unit_amount, active: "false" });
      if (made.status !== 200) return made;
      items.push({ price: made.body.id, quantity });
    }
    const session = newSession(mode, items, { clientReference: p.client_reference_id, metadata: p.metadata });
    Object.assign(session, {
      success_url: p.success_url ?? null, cancel_url: p.cancel_url ?? null, shipping_options: shipping,
      expires_at: now() + ahead, allow_promotion_codes: bool(p.allow_promotion_codes) ?? null,
      shipping_address_collection: countries ? { allowed_countries: countries } : null,
    });
    return store(mode, session);
  },
  products(mode, p) {
    const bad = unknownParameter(p, ["name", "active", "description", "metadata", "shippable", "tax_code", "url", "images"]);
    if (bad) return bad;
    if (!p.name) return missing("name");
    return store(mode, {
      id: newId("prod_"), object: "product", active: p.active === undefined ? true : bool(p.active),
      created: now(), default_price: null, description: p.description ?? null, images: p.images ?? [],
      livemode: mode === "live", marketing_features: [], metadata: mergeMetadata({}, p.metadata),
      name: p.name, package_dimensions: null, shippable: p.shippable === undefined ? null : bool(p.shippable),
      statement_descriptor: null, tax_code: p.tax_code ?? null, unit_label: null, updated: now(), url: p.url ?? null,
    });
  },
  prices(mode, p) {
    const bad = unknownParameter(p, ["currency", "product", "unit_amount", "tax_behavior", "recurring", "metadata", "nickname", "active", "lookup_key"]);
    if (bad) return bad;
    if (!p.currency) return missing("currency");
    if (!p.product) return missing("product");
    if (!find(mode, "products", p.product)) return noSuch("product", p.product);
    const amount = integer(p.unit_amount);
    if (amount === null) return invalid("unit_amount", "Invalid integer: " + p.unit_amount);
    const tax = p.tax_behavior ?? "unspecified";
    if (!["inclusive", "exclusive", "unspecified"].includes(tax)) return invalid("tax_behavior", `Invalid tax_behavior: ${tax}`);
    if (p.recurring && !["day", "week", "month", "year"].includes(p.recurring.interval)) {
      return invalid("recurring[interval]", "Invalid recurring[interval]");
    }
    return store(mode, {
      id: newId("price_"), object: "price", active: p.active === undefined ? true : bool(p.active),
      billing_scheme: "per_unit", created: now(), currency: p.currency.toLowerCase(), custom_unit_amount: null,
      livemode: mode === "live", lookup_key: p.lookup_key ?? null, metadata: mergeMetadata({}, p.metadata),
      nickname: p.nickname ?? null, product: p.product,
      recurring: p.recurring ? { interval: p.recurring.interval, interval_count: 1, meter: null, usage_type: "licensed" } : null,
      tax_behavior: tax, tiers_mode: null, transform_quantity: null, type: p.recurring ? "recurring" : "one_time",
      unit_amount: amount, unit_amount_decimal: String(amount),
    });
  },
  shipping_rates(mode, p) {
    const bad = unknownParameter(p, ["display_name", "type", "fixed_amount", "delivery_estimate", "metadata", "tax_behavior", "tax_code"]);
    if (bad) return bad;
    if (!p.display_name) return missing("display_name");
    const amount = integer(p.fixed_amount?.amount);
    if (amount === null) return missing("fixed_amount[amount]");
    if (!p.fixed_amount.currency) return missing("fixed_amount[currency]");
    const estimate = (end) => end && { unit: end.unit, value: Number(end.value) };
    return store(mode, {
      id: newId("shr_"), object: "shipping_rate", active: true, created: now(),
      delivery_estimate: p.delivery_estimate
        ? { maximum: estimate(p.delivery_estimate.maximum) ?? null, minimum: estimate(p.delivery_estimate.minimum) ?? null }
        : null,
      display_name: p.display_name, fixed_amount: { amount, currency: p.fixed_amount.currency.toLowerCase() },
      livemode: mode === "live", metadata: mergeMetadata({}, p.metadata), tax_behavior: p.tax_behavior ?? "unspecified",
      tax_code: null, type: "fixed_amount",
    });
  },
  payment_links(mode, p) {
    const bad = unknownParameter(p, [
      "line_items", "after_completion", "metadata", "shipping_address_collection", "shipping_options",
      "inactive_message", "restrictions", "allow_promotion_codes", "billing_address_collection",
    ]);
    if (bad) return bad;
    if (!Array.isArray(p.line_items) || p.line_items.length === 0) return missing("line_items");
    const items = [];
    for (const [i, item] of p.line_items.entries()) {
      const price = find(mode, "prices", item.price);
      if (!price) return noSuch("price", item.price);
      if (!price.active) return invalid(`line_items[${i}][price]`, `The price \`${price.id}\` is not active.`);
      const quantity = integer(item.quantity);
      if (!quantity) return missing(`line_items[${i}][quantity]`);
      items.push({ price: price.id, quantity, adjustable: bool(item.adjustable_quantity?.enabled) });
    }
    const currency = find(mode, "prices", items[0].price).currency;
    const id = newId("plink_");
    const slug = createHash("sha256").update(id).digest("base64url").replace(/[-_]/g, "").slice(0, 14);
    const link = {
      id, object: "payment_link", active: true, after_completion: { hosted_confirmation: { custom_message: null }, type: "hosted_confirmation" },
      allow_promotion_codes: bool(p.allow_promotion_codes), application_fee_amount: null,
      automatic_tax: { enabled: false, liability: null }, billing_address_collection: p.billing_address_collection ?? "auto",
      currency, customer_creation: "if_required", inactive_message: null, livemode: mode === "live", metadata: {},
      payment_method_types: null, restrictions: null, shipping_address_collection: null, shipping_options: [],
      submit_type: "auto", url: `https://buy.stripe.com/${mode === "test" ? "test_" : ""}${slug}`, __items: items,
    };
    const problem = updateLink(mode, link, p);
    return problem ?? store(mode, link);
  },
};

/** An open, unpaid Checkout Session of `items` (`{ price, quantity }`). */
function newSession(mode, items, { link = null, clientReference = null, metadata = {}, created = null } = {}) {
  const prices = items.map((item) => find(mode, "prices", item.price));
  const subtotal = prices.reduce((sum, price, i) => sum + price.unit_amount * items[i].quantity, 0);
  const id = newId(`cs_${mode}_`);
  return {
    id, object: "checkout.session", amount_subtotal: subtotal, amount_total: subtotal,
    client_reference_id: clientReference ?? null, created: created ?? now(), currency: prices[0].currency,
    customer_details: null, expires_at: (created ?? now()) + 86400, livemode: mode === "live",
    metadata: mergeMetadata({}, metadata), mode: "payment", payment_intent: null, payment_link: link,
    payment_status: "unpaid", shipping_cost: null, status: "open", success_url: null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    url: `${state.origin}/_fake/checkout/${id}`, __items: items,
  };
}

/**
 * Completes an open session as a buyer paying: `paid`, `pending` (a delayed method: the
 * payment intent is processing) or `no_payment_required`, with the buyer's country and the
 * link's first shipping rate. A Payment Link's completed sessions are counted.
 */
function completeSession(mode, session, { payment = "paid", country = "PT" } = {}) {
  if (session.status !== "open") return invalid("session", `This Checkout Session is ${session.status}.`);
  if (!["paid", "pending", "no_payment_required"].includes(payment)) return invalid("payment", `Unknown payment ${payment}`);
  const link = session.payment_link && find(mode, "payment_links", session.payment_link);
  const option = (link ?? session).shipping_options?.[0];
  if (option) {
    session.shipping_cost = { amount_subtotal: option.shipping_amount, amount_tax: 0, amount_total: option.shipping_amount, shipping_rate: option.shipping_rate };
    session.total_details.amount_shipping = option.shipping_amount;
    session.amount_total += option.shipping_amount;
  }
  session.customer_details = { address: { city: "Lisboa", country, line1: "Rua Falsa 1", line2: null, postal_code: "1000-001", state: null }, email: "buyer@example.com", name: "A Buyer", phone: null, tax_exempt: "none", tax_ids: [] };
  session.status = "complete";
  if (payment !== "no_payment_required") {
    const intent = { id: newId("pi_"), object: "payment_intent", status: payment === "paid" ? "succeeded" : "processing" };
    state.intents.set(intent.id, intent);
    session.payment_intent = intent.id;
  }
  session.payment_status = payment === "pending" ? "unpaid" : payment;
  if (link) {
    link.__completed = (link.__completed ?? 0) + 1;
    if (link.restrictions) link.restrictions.completed_sessions.count += 1;
  }
  return { status: 200, body: session };
}

/** Applies the updatable fields of a payment link; a Stripe error when one is wrong. */
function updateLink(mode, link, p) {
  if (p.shipping_options !== undefined) {
    const options = [];
    for (const option of p.shipping_options || []) {
      const rate = find(mode, "shipping_rates", option.shipping_rate);
      if (!rate) return noSuch("shipping rate", option.shipping_rate);
      options.push({ shipping_amount: rate.fixed_amount.amount, shipping_rate: rate.id });
    }
    link.shipping_options = options;
  }
  if (p.after_completion) {
    const type = p.after_completion.type;
    if (type === "redirect") {
      const url = p.after_completion.redirect?.url;
      if (!url) return missing("after_completion[redirect][url]");
      link.after_completion = { redirect: { url }, type };
    } else if (type === "hosted_confirmation") {
      link.after_completion = { hosted_confirmation: { custom_message: p.after_completion.hosted_confirmation?.custom_message ?? null }, type };
    } else {
      return invalid("after_completion[type]", `Invalid after_completion[type]: ${type}`);
    }
  }
  if (p.active !== undefined) link.active = bool(p.active);
  if (p.inactive_message !== undefined) link.inactive_message = p.inactive_message || null;
  if (p.metadata) link.metadata = mergeMetadata(link.metadata, p.metadata);
  if (p.shipping_address_collection !== undefined) {
    const countries = p.shipping_address_collection?.allowed_countries;
    link.shipping_address_collection = p.shipping_address_collection === "" ? null : { allowed_countries: countries ?? [] };
  }
  if (p.restrictions !== undefined) {
    const limit = integer(p.restrictions?.completed_sessions?.limit);
    // Stripe's count of completed sessions: all of the link's, or (`/_fake/count_since_limit`)
    // only those since a limit was first set.
    const count = link.restrictions?.completed_sessions?.count ?? (state.countSinceLimit ? 0 : link.__completed ?? 0);
    link.restrictions = limit === null ? null : { completed_sessions: { count, limit } };
  }
  return null;
}

const update = {
  products(mode, object, p) {
    const bad = unknownParameter(p, ["name", "active", "description", "metadata", "shippable", "tax_code", "url", "images", "default_price"]);
    if (bad) return bad;
    for (const key of ["name", "description", "url", "tax_code", "default_price"]) if (p[key] !== undefined) object[key] = p[key];
    if (p.active !== undefined) object.active = bool(p.active);
    object.metadata = mergeMetadata(object.metadata, p.metadata);
    object.updated = now();
    return { status: 200, body: object };
  },
  prices(mode, object, p) {
    const bad = unknownParameter(p, ["active", "metadata", "nickname", "lookup_key"]);
    if (bad) return bad;
    if (p.active !== undefined) object.active = bool(p.active);
    if (p.nickname !== undefined) object.nickname = p.nickname;
    object.metadata = mergeMetadata(object.metadata, p.metadata);
    return { status: 200, body: object };
  },
  shipping_rates(mode, object, p) {
    const bad = unknownParameter(p, ["active", "metadata", "tax_behavior"]);
    if (bad) return bad;
    if (p.active !== undefined) object.active = bool(p.active);
    object.metadata = mergeMetadata(object.metadata, p.metadata);
    return { status: 200, body: object };
  },
  payment_links(mode, object, p) {
    const bad = unknownParameter(p, [
      "active", "after_completion", "inactive_message", "metadata", "restrictions", "shipping_address_collection",
      "shipping_options", "allow_promotion_codes", "billing_address_collection",
    ]);
    return bad ?? updateLink(mode, object, p) ?? { status: 200, body: object };
  },
};

/** An object as the API shows it, without the fake's own fields. */
function shown(object) {
  return JSON.parse(JSON.stringify(object, (key, value) => (key.startsWith("__") ? undefined : value)));
}

/** Stripe's list: newest first, a page of `limit` after or before a cursor. */
function list(objects, query, url) {
  const limit = Math.min(Math.max(integer(query.get("limit")) ?? 10, 1), 100);
  const sorted = [...objects].sort((a, b) => b.__seq - a.__seq);
  let start = 0;
  let end = sorted.length;
  const after = query.get("starting_after");
  const before = query.get("ending_before");
  if (after) {
    const at = sorted.findIndex((o) => o.id === after);
    if (at < 0) return noSuch("object", after);
    start = at + 1;
  }
  if (before) {
    const at = sorted.findIndex((o) => o.id === before);
    if (at < 0) return noSuch("object", before);
    end = at;
    start = Math.max(end - limit, 0);
  }
  const page = sorted.slice(start, Math.min(start + limit, end));
  const hasMore = before ? start > 0 : start + page.length < end;
  return { status: 200, body: { object: "list", data: page, has_more: hasMore, url } };
}

function lineItems(mode, owner, expandProduct = false) {
  return owner.__items.map((item, i) => {
    const price = find(mode, "prices", item.price);
    const product = find(mode, "products", price.product);
    const amount = price.unit_amount * item.quantity;
    return {
      id: `li_${owner.id.slice(-12)}${i}`, object: "item", adjustable_quantity: { enabled: item.adjustable, maximum: null, minimum: null },
      amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount, currency: price.currency,
      description: product?.name ?? null, price: expandProduct ? { ...price, product } : price, quantity: item.quantity, __seq: -i,
    };
  });
}

/** Routes one authenticated API request. */
function route(mode, method, path, query, params) {
  const match = path.match(/^\/v1\/(products|prices|payment_links|shipping_rates|checkout\/sessions)(?:\/([^/]+))?(?:\/(line_items))?$/);
  if (!match) return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  const [, type, id, sub] = match;
  const all = () => [...state.objects[mode].values()].filter((o) => o.object === RESOURCES[type].object);
  if (!id) {
    if (method === "POST") return create[type](mode, params);
    if (method !== "GET") return stripeError(405, "invalid_request_error", `Unrecognized method ${method}`);
    let objects = all();
    if (query.has("active")) objects = objects.filter((o) => o.active === bool(query.get("active")));
    if (query.has("product")) objects = objects.filter((o) => o.product === query.get("product"));
    if (query.has("status")) objects = objects.filter((o) => o.status === query.get("status"));
    if (query.has("payment_link")) objects = objects.filter((o) => o.payment_link === query.get("payment_link"));
    const since = integer(query.get("created[gte]"));
    const until = integer(query.get("created[lte]"));
    if (since !== null) objects = objects.filter((o) => o.created >= since);
    if (until !== null) objects = objects.filter((o) => o.created <= until);
    const listed = list(objects, query, `/v1/${type}`);
    if (listed.status === 200 && type === "checkout/sessions") {
      listed.body.data = listed.body.data.map((session) => expanded(mode, session, query, "data."));
    }
    return listed;
  }
  const object = find(mode, type, id);
  if (!object) return noSuch(RESOURCES[type].object.replace("_", " "), id);
  if (sub) {
    if (!["payment_links", "checkout/sessions"].includes(type) || method !== "GET") {
      return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
    }
    return list(lineItems(mode, object, expansions(query).includes("data.price.product")), query, `${path}`);
  }
  if (method === "GET") return { status: 200, body: type === "checkout/sessions" ? expanded(mode, object, query, "") : object };
  if (method === "POST") return update[type](mode, object, params);
  return stripeError(405, "invalid_request_error", `Unrecognized method ${method}`);
}

function expansions(query) {
  return [...query.getAll("expand[]"), ...query.getAll("expand")];
}

/** A session with what `expand[]` asks for (`line_items`, `payment_intent`), under `prefix`. */
function expanded(mode, session, query, prefix) {
  const asked = expansions(query);
  const copy = { ...session };
  if (asked.includes(`${prefix}line_items`)) {
    copy.line_items = list(lineItems(mode, session), new URLSearchParams(), `/v1/checkout/sessions/${session.id}/line_items`).body;
  }
  if (asked.includes(`${prefix}payment_intent`) && session.payment_intent) {
    copy.payment_intent = state.intents.get(session.payment_intent);
  }
  return copy;
}

/** The key from `Authorization: Bearer KEY` (or Basic with the key as user name). */
function apiKey(header) {
  const [scheme, value] = (header ?? "").split(" ");
  if (scheme === "Bearer") return value;
  if (scheme === "Basic") return Buffer.from(value ?? "", "base64").toString().split(":")[0];
  return null;
}

/** The key's mode, or null when it is not a Stripe secret or restricted key. */
function keyMode(key) {
  const found = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(key ?? "");
  return found ? found[2] : null;
}

function redacted(key) {
  return `${key.slice(0, 8)}${"*".repeat(Math.max(key.length - 12, 0))}${key.slice(-4)}`;
}

/** The permission a request needs: `rak_product_write` for a POST to /v1/products. */
function permission(method, path) {
  const type = path.startsWith("/v1/checkout/sessions") ? "checkout/sessions" : path.split("/")[2];
  const resource = RESOURCES[type]?.permission ?? type;
  return `rak_${resource}_${method === "GET" ? "read" : "write"}`;
}

function forbidden(key, needed) {
  return stripeError(
    403,
    "invalid_request_error",
    `The provided key '${redacted(key)}' does not have the required permissions for this endpoint on account 'acct_1FakeShop0000000'. Having the '${needed}' permission would allow this request to continue.`,
  );
}

function api(req, rawBody) {
  const url = new URL(req.url, "http://fake");
  const key = apiKey(req.headers.authorization);
  const mode = keyMode(key);
  if (!key) {
    return stripeError(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  }
  if (!mode) return stripeError(401, "invalid_request_error", `Invalid API Key provided: ${redacted(key)}`);
  const needed = permission(req.method, url.pathname);
  const denied = state.denied.get(key) ?? new Set();
  if (denied.has(needed) || denied.has(needed.replace(/_write$/, "_read"))) return forbidden(key, needed);
  const params = req.method === "POST" ? parseForm(rawBody) : {};
  const idempotencyKey = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
  if (!idempotencyKey) return route(mode, req.method, url.pathname, url.searchParams, params);
  const fingerprint = createHash("sha256").update(`${req.method} ${url.pathname} ${rawBody}`).digest("hex");
  const saved = state.idempotent.get(`${mode} ${idempotencyKey}`);
  if (saved && saved.fingerprint !== fingerprint) {
    return stripeError(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`);
  }
  if (saved) return { ...saved, replayed: true };
  const result = route(mode, req.method, url.pathname, url.searchParams, params);
  if (result.status === 200) {
    // What was answered then, not the object as it is later.
    state.idempotent.set(`${mode} ${idempotencyKey}`, { fingerprint, status: 200, body: shown(result.body) });
  }
  return result;
}

function control(req, rawBody) {
  const url = new URL(req.url, "http://fake");
  const given = rawBody ? JSON.parse(rawBody) : {};
  const [, , action, type] = url.pathname.split("/");
  if (req.method === "GET" && action === "requests") return { status: 200, body: state.requests };
  if (req.method === "GET" && action === "checkout") return checkoutPage(type);
  if (req.method === "GET" && action === "objects" && RESOURCES[type === "checkout_sessions" ? "checkout/sessions" : type]) {
    const kind = RESOURCES[type === "checkout_sessions" ? "checkout/sessions" : type].object;
    const objects = [...state.objects.test.values(), ...state.objects.live.values()]
      .filter((o) => o.object === kind)
      .sort((a, b) => a.__seq - b.__seq);
    return { status: 200, body: objects };
  }
  if (req.method === "POST" && action === "restrict") {
    state.denied.set(given.key, new Set(given.deny ?? []));
    return { status: 200, body: { ok: true } };
  }
  if (req.method === "POST" && action === "fail") {
    state.failAt = { remaining: Math.max(integer(given.nth) ?? 1, 1), status: integer(given.status) ?? 500 };
    return { status: 200, body: { ok: true } };
  }
  if (req.method === "POST" && action === "stop") {
    state.stopAfter = integer(given.after) ?? 0;
    return { status: 200, body: { ok: true } };
  }
  if (req.method === "POST" && ["pay", "complete", "settle", "expire"].includes(action)) {
    return checkout(action, given);
  }
  if (req.method === "POST" && action === "count_since_limit") {
    state.countSinceLimit = true;
    return { status: 200, body: { ok: true } };
  }
  if (req.method === "POST" && action === "resume") {
    state.stopAfter = null;
    return { status: 200, body: { ok: true } };
  }
  return { status: 404, body: { error: `no test route ${req.method} ${url.pathname}` } };
}

/** The buyer's side of Checkout, for the test routes `pay`, `complete`, `settle` and `expire`. */
function checkout(action, given) {
  const mode = given.mode ?? "test";
  if (action === "pay") {
    const link = find(mode, "payment_links", given.link);
    if (!link) return noSuch("payment link", given.link);
    const limit = link.restrictions?.completed_sessions?.limit;
    if (!link.active || (limit !== undefined && link.restrictions.completed_sessions.count >= limit)) {
      return stripeError(400, "invalid_request_error", link.inactive_message ?? "This payment link is no longer accepting payments.", { code: "payment_link_inactive" });
    }
    const items = link.__items.map((item) => ({ price: item.price, quantity: integer(given.quantity) ?? item.quantity }));
    const session = newSession(mode, items, { link: link.id, clientReference: given.client_reference_id, created: integer(given.created) });
    store(mode, session);
    return completeSession(mode, session, given);
  }
  const session = find(mode, "checkout/sessions", given.session);
  if (!session) return noSuch("checkout session", given.session);
  if (action === "complete") return completeSession(mode, session, given);
  if (action === "expire") {
    if (session.status !== "open") return invalid("session", `This Checkout Session is ${session.status}.`);
    session.status = "expired";
    return { status: 200, body: session };
  }
  const intent = state.intents.get(session.payment_intent);
  if (!intent || intent.status !== "processing") return invalid("session", "This Checkout Session has no pending payment.");
  if (given.outcome === "paid") {
    intent.status = "succeeded";
    session.payment_status = "paid";
  } else {
    intent.status = "requires_payment_method";
  }
  return { status: 200, body: session };
}

/** A session's checkout page: the buyer pays, and goes to the success URL. */
function checkoutPage(id) {
  const mode = id.startsWith("cs_live_") ? "live" : "test";
  const session = find(mode, "checkout/sessions", id);
  if (!session) return noSuch("checkout session", id);
  const country = session.shipping_address_collection?.allowed_countries[0];
  const paid = completeSession(mode, session, { country });
  if (paid.status !== 200 || !session.success_url) return paid;
  const to = session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id);
  return { status: 303, body: { redirect: to }, headers: { Location: to } };
}

/** Whether this API request is answered, failed on purpose, or cut off. */
function fault() {
  if (state.stopAfter !== null) {
    if (state.stopAfter === 0) return "cut";
    state.stopAfter -= 1;
  }
  if (state.failAt) {
    state.failAt.remaining -= 1;
    if (state.failAt.remaining === 0) {
      const status = state.failAt.status;
      state.failAt = null;
      return stripeError(status, "api_error", "An unknown error occurred while processing your request (a failure the test asked for).");
    }
  }
  return null;
}

function respond(res, { status, body, replayed, headers: extra = {} }) {
  const headers = { "Content-Type": "application/json", "Request-Id": `req_${newId("").slice(0, 14)}`, ...extra };
  if (replayed) headers["Idempotent-Replayed"] = "true";
  res.writeHead(status, headers);
  res.end(JSON.stringify(body, (key, value) => (key.startsWith("__") ? undefined : value), 2));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks).toString();
    if (req.url.startsWith("/_fake/")) {
      respond(res, control(req, rawBody));
      return;
    }
    const url = new URL(req.url, "http://fake");
    const entry = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: req.method === "POST" ? parseForm(rawBody) : null,
      raw: req.method === "POST" ? rawBody : null,
      idempotency_key: req.headers["idempotency-key"] ?? null,
      stripe_version: req.headers["stripe-version"] ?? null,
      status: null,
    };
    state.requests.push(entry);
    const failed = fault();
    if (failed === "cut") {
      entry.status = "cut";
      req.socket.destroy();
      return;
    }
    const result = failed ?? api(req, rawBody);
    entry.status = result.status;
    respond(res, result);
  });
});

/** Starts the fake as every test harness does: it prints its address on its first line. */
export async function startFake() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = await once(child.stdout, "data");
  return { child, base: line.toString().trim() };
}

// Only started as a program, so `node --test` files can import `parseForm`.
if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? "")) {
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    state.origin = `http://127.0.0.1:${port}`;
    process.stdout.write(`http://127.0.0.1:${port}\n`);
  });
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
  process.on("SIGTERM", () => process.exit(0));
}
