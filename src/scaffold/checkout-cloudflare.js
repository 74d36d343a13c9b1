
// Cloudflare Pages runs this file (functions/api/checkout.js) for POST /api/checkout, with
// the project's environment variables and its static files in `context.env`.
export async function onRequestPost(context) {
  const { request, env } = context;
  return checkout(request, env, (url) => env.ASSETS.fetch(url));
}
