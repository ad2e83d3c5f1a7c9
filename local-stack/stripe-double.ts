// Serves the Stripe API double for `npm run stack` when no STRIPE_SECRET_KEY is configured: the functions
// talk to it through the real SDK (STRIPE_API_BASE), its Checkout URLs open a local page where a developer
// pays or cancels, and paying sends signed webhooks to the local stripe-webhook function.
//   deno run ... local-stack/stripe-double.ts --port 54421 --webhook-url <url>   (secret: STRIPE_WEBHOOK_SECRET)
import { parseArgs } from "node:util";
import { startStripeDouble } from "../tests/support/stripe/double.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { port: { type: "string" }, "webhook-url": { type: "string" } },
});
const secret = Deno.env.get("STRIPE_WEBHOOK_SECRET");
if (!values.port || !values["webhook-url"] || !secret) {
  console.error("usage: stripe-double.ts --port <port> --webhook-url <url>, with STRIPE_WEBHOOK_SECRET set");
  Deno.exit(2);
}
const double = await startStripeDouble({
  port: Number(values.port),
  webhookUrl: values["webhook-url"],
  webhookSecret: secret,
});
console.log(JSON.stringify({ level: "info", msg: "stripe double listening", url: double.url }));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => double.close().then(() => Deno.exit(0)));
}
