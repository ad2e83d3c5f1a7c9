import { z } from "zod";
import { formatMoneyMinor } from "../../_format/intl.ts";
import { defineTemplate } from "../define.ts";
import { Layout, P, Rows } from "../layout.tsx";
import { userText } from "../user-text.ts";

// Minor units use the currency's own exponent (JPY has none, KWD three): Intl knows it. Written the way
// every rendering writes money (_format/intl.ts).
const money = formatMoneyMinor;

const payment = z.object({
  displayName: userText(80),
  description: z.string().min(1).max(200),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  reference: z.string().min(1).max(100),
});

export const bookingConfirmation = defineTemplate({
  name: "booking_confirmation",
  schema: payment.extend({ date: z.string().min(1).max(50) }),
  subject: (d) => `Booking confirmed: ${d.description}`,
  body: (d) => (
    <Layout preview={`Booking confirmed: ${d.description}`} heading="Your booking is confirmed">
      <P>Hi {d.displayName}, your booking is confirmed.</P>
      <Rows
        rows={[["Booking", d.description], ["Date", d.date], ["Amount", money(d.amountMinor, d.currency)], [
          "Reference",
          d.reference,
        ]]}
      />
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    description: "Sunset sailing on the Tagus",
    date: "2027-04-11",
    amountMinor: 4500,
    currency: "EUR",
    reference: "BK-1042",
  },
});

export const paymentReceipt = defineTemplate({
  name: "payment_receipt",
  schema: payment,
  subject: (d) => `Receipt for ${money(d.amountMinor, d.currency)}`,
  body: (d) => (
    <Layout preview={`We received ${money(d.amountMinor, d.currency)}`} heading="Payment received">
      <P>Hi {d.displayName}, thank you for your payment.</P>
      <Rows
        rows={[["For", d.description], ["Amount", money(d.amountMinor, d.currency)], [
          "Reference",
          d.reference,
        ]]}
      />
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    description: "TripMaster Pro (monthly)",
    amountMinor: 900,
    currency: "EUR",
    reference: "pi_123",
  },
});

export const refund = defineTemplate({
  name: "refund",
  schema: payment.extend({ partial: z.boolean() }),
  subject: (d) => `${d.partial ? "Partial refund" : "Refund"} of ${money(d.amountMinor, d.currency)}`,
  body: (d) => (
    <Layout preview={`Refund of ${money(d.amountMinor, d.currency)}`} heading="Your refund is on its way">
      <P>
        Hi {d.displayName}, we {d.partial ? "partly refunded" : "refunded"}{" "}
        your payment. It usually reaches your account within 5 to 10 days.
      </P>
      <Rows
        rows={[["For", d.description], ["Refunded", money(d.amountMinor, d.currency)], [
          "Reference",
          d.reference,
        ]]}
      />
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    description: "Sunset sailing on the Tagus",
    amountMinor: 2250,
    currency: "EUR",
    reference: "re_123",
    partial: true,
  },
});

export const disputeNotice = defineTemplate({
  name: "dispute_notice",
  schema: payment.extend({ state: z.enum(["opened", "won", "lost"]) }),
  subject: (d) =>
    d.state === "opened"
      ? `A payment for ${d.description} is disputed`
      : `The dispute about ${d.description} was ${d.state === "won" ? "resolved in our favour" : "closed"}`,
  body: (d) => (
    <Layout
      preview={`Dispute ${d.state}: ${money(d.amountMinor, d.currency)}`}
      heading={d.state === "opened" ? "Your payment is disputed" : "Your payment dispute is closed"}
    >
      <P>
        Hi {d.displayName}, {d.state === "opened"
          ? "your bank told us you disputed this payment. Your booking is on hold until the dispute is settled."
          : d.state === "won"
          ? "the dispute was decided for the merchant: your booking stands and stays paid."
          : "the dispute was decided for you: the amount stays with you and the booking is cancelled."}
      </P>
      <Rows
        rows={[["For", d.description], ["Amount", money(d.amountMinor, d.currency)], [
          "Reference",
          d.reference,
        ]]}
      />
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    description: "Sunset sailing on the Tagus",
    amountMinor: 4500,
    currency: "EUR",
    reference: "BK-1042",
    state: "opened",
  },
});

export const paymentFailed = defineTemplate({
  name: "payment_failed",
  schema: payment.extend({ reason: z.string().min(1).max(300) }),
  subject: (d) => `Your payment for ${d.description} did not go through`,
  body: (d) => (
    <Layout preview={`Payment failed: ${d.description}`} heading="Your payment did not go through">
      <P>Hi {d.displayName}, we could not take your payment. Nothing was charged.</P>
      <Rows
        rows={[["For", d.description], ["Amount", money(d.amountMinor, d.currency)], ["Reason", d.reason], [
          "Reference",
          d.reference,
        ]]}
      />
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    description: "Sunset sailing on the Tagus",
    amountMinor: 4500,
    currency: "EUR",
    reference: "BK-1042",
    reason: "Your card was declined.",
  },
});
