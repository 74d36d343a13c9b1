
// Netlify runs this file (netlify/functions/checkout.mjs) for /api/checkout; the price list
// is fetched from the site itself.
export default async (request) => {
  const env = {
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
    SHOP_STRIPE_API: process.env.SHOP_STRIPE_API,
  };
  return checkout(request, env, (url) => fetch(url));
};

export const config = { path: "/api/checkout" };
