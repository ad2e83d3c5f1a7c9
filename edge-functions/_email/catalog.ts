// Every email the backend sends, by name, and the one function that renders one: validated data in,
// { subject, html, text } out. Unknown names and invalid data are errors the outbox treats as permanent.
import { render, toPlainText } from "@react-email/render";
import type { EmailTemplate } from "./define.ts";
import { safeSubject } from "./user-text.ts";
import { accountDeletionScheduled, welcome } from "./templates/account.tsx";
import {
  confirmSignup,
  emailChange,
  invite,
  magicLink,
  passwordReset,
  reauthentication,
  securityNotification,
} from "./templates/auth.tsx";
import {
  bookingConfirmation,
  disputeNotice,
  paymentFailed,
  paymentReceipt,
  refund,
} from "./templates/payments.tsx";
import { planReady } from "./templates/plans.tsx";
import {
  subscriptionCancelled,
  subscriptionPaymentFailed,
  subscriptionRenewal,
  subscriptionStarted,
} from "./templates/subscriptions.tsx";
import { accountLocked } from "./templates/sign-in.tsx";
import { zodIssuesText } from "../_contract/errors.ts";

export const TEMPLATES: Record<string, EmailTemplate> = Object.fromEntries(
  [
    welcome,
    confirmSignup,
    invite,
    magicLink,
    passwordReset,
    emailChange,
    reauthentication,
    securityNotification,
    planReady,
    bookingConfirmation,
    paymentReceipt,
    refund,
    disputeNotice,
    paymentFailed,
    subscriptionStarted,
    subscriptionRenewal,
    subscriptionPaymentFailed,
    subscriptionCancelled,
    accountDeletionScheduled,
    accountLocked,
  ].map((t) => [t.name, t as unknown as EmailTemplate]),
);

export type TemplateName = keyof typeof TEMPLATES;

export class TemplateError extends Error {
  override name = "TemplateError";
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderEmail(name: string, data: unknown): Promise<RenderedEmail> {
  const template = TEMPLATES[name];
  if (!template) throw new TemplateError(`unknown email template ${JSON.stringify(name)}`);
  const parsed = template.schema.safeParse(data);
  if (!parsed.success) {
    throw new TemplateError(
      `invalid data for ${name}: ${zodIssuesText(parsed.error)}`,
    );
  }
  // One React render; the plain-text alternative is derived from its HTML (a second render in plainText
  // mode costs twice as much and gives the same text).
  const html = await render(template.body(parsed.data));
  return { subject: safeSubject(template.subject(parsed.data)), html, text: toPlainText(html) };
}
