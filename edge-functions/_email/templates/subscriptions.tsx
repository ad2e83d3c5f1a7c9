import { z } from "zod";
import { formatMoneyMinor } from "../../_format/intl.ts";
import { defineTemplate } from "../define.ts";
import { Action, Layout, P, Rows } from "../layout.tsx";
import { userText } from "../user-text.ts";

// Minor units with the currency's own exponent, written as every rendering writes money (_format/intl.ts).
const money = formatMoneyMinor;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const amount = { amountMinor: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) };
// Portal sessions are short-lived: the email links to the app's billing page, which opens a fresh one.
const billingUrl = (appUrl: string) => `${appUrl.replace(/\/+$/, "")}/account/billing`;

export const subscriptionStarted = defineTemplate({
  name: "subscription_started",
  schema: z.object({
    displayName: userText(80),
    interval: z.enum(["month", "year"]),
    periodEnd: date,
    appUrl: z.url(),
  }),
  subject: () => "Welcome to TripMaster Pro",
  body: (d) => (
    <Layout preview="Your Pro subscription is active" heading="You are now Pro">
      <P>Hi {d.displayName}, your TripMaster Pro subscription is active: up to 100 AI plans a month.</P>
      <Rows rows={[["Billing", d.interval === "year" ? "Yearly" : "Monthly"], ["Renews on", d.periodEnd]]} />
      <Action href={billingUrl(d.appUrl)}>Manage your subscription</Action>
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    interval: "month",
    periodEnd: "2027-01-30",
    appUrl: "https://app.tripmaster.test",
  },
});

export const subscriptionRenewal = defineTemplate({
  name: "subscription_renewal",
  schema: z.object({
    displayName: userText(80),
    ...amount,
    reference: z.string().min(1).max(100),
    periodEnd: date,
    appUrl: z.url(),
  }),
  subject: (d) => `Receipt for TripMaster Pro: ${money(d.amountMinor, d.currency)}`,
  body: (d) => (
    <Layout
      preview={`We received ${money(d.amountMinor, d.currency)}`}
      heading="Your Pro subscription renewed"
    >
      <P>Hi {d.displayName}, thank you: your subscription renewed.</P>
      <Rows
        rows={[["Amount", money(d.amountMinor, d.currency)], ["Paid until", d.periodEnd], [
          "Invoice",
          d.reference,
        ]]}
      />
      <Action href={billingUrl(d.appUrl)}>Invoices and billing</Action>
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    amountMinor: 900,
    currency: "EUR",
    reference: "in_123",
    periodEnd: "2027-02-28",
    appUrl: "https://app.tripmaster.test",
  },
});

export const subscriptionPaymentFailed = defineTemplate({
  name: "subscription_payment_failed",
  schema: z.object({ displayName: userText(80), ...amount, nextAttempt: date.optional(), appUrl: z.url() }),
  subject: () => "Your TripMaster Pro payment did not go through",
  body: (d) => (
    <Layout preview="Please update your card" heading="We could not renew your subscription">
      <P>
        Hi {d.displayName}, we could not take {money(d.amountMinor, d.currency)}{" "}
        for TripMaster Pro. Please update your card to keep Pro.
        {d.nextAttempt ? ` We will try again on ${d.nextAttempt}.` : ""}
      </P>
      <Action href={billingUrl(d.appUrl)}>Update your card</Action>
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    amountMinor: 900,
    currency: "EUR",
    nextAttempt: "2027-02-02",
    appUrl: "https://app.tripmaster.test",
  },
});

export const subscriptionCancelled = defineTemplate({
  name: "subscription_cancelled",
  schema: z.object({ displayName: userText(80), endsOn: date, ended: z.boolean(), appUrl: z.url() }),
  subject: (d) =>
    d.ended ? "Your TripMaster Pro subscription has ended" : `TripMaster Pro ends on ${d.endsOn}`,
  body: (d) => (
    <Layout
      preview={d.ended ? "Your subscription has ended" : `Pro until ${d.endsOn}`}
      heading={d.ended ? "Your Pro subscription has ended" : "Your subscription is cancelled"}
    >
      <P>
        Hi {d.displayName}, {d.ended
          ? `your Pro subscription ended on ${d.endsOn}. Your plans stay; new plans use the free monthly quota.`
          : `you keep Pro until ${d.endsOn}; you will not be charged again. Changed your mind? Resume it before then.`}
      </P>
      <Action href={billingUrl(d.appUrl)}>{d.ended ? "Subscribe again" : "Resume your subscription"}</Action>
    </Layout>
  ),
  sample: { displayName: "Ada", endsOn: "2027-01-30", ended: false, appUrl: "https://app.tripmaster.test" },
});
