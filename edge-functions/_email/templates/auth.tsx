// Emails Supabase Auth asks for through the Send Email hook. Links carry the token hash the way Auth
// verifies it (verifyOtp({ token_hash, type })); the code is there for users who type it instead.
import { z } from "zod";
import { defineTemplate } from "../define.ts";
import { Action, Code, Layout, P } from "../layout.tsx";

const link = z.object({ actionUrl: z.url(), code: z.string().min(1).max(20).optional(), email: z.email() });

export const confirmSignup = defineTemplate({
  name: "confirm_signup",
  schema: link,
  subject: () => "Confirm your TripMaster account",
  body: (d) => (
    <Layout preview="Confirm your email to start planning trips" heading="Confirm your email">
      <P>Welcome aboard! Confirm that {d.email} is yours to finish creating your account.</P>
      <Action href={d.actionUrl}>Confirm my email</Action>
      {d.code ? <P muted>Or enter this code: {d.code}</P> : null}
      <P muted>If you did not sign up, you can ignore this email.</P>
    </Layout>
  ),
  sample: {
    actionUrl: "https://app.tripmaster.test/auth/confirm?token_hash=abc&type=signup",
    code: "123456",
    email: "ada@example.com",
  },
});

export const invite = defineTemplate({
  name: "invite",
  schema: link,
  subject: () => "You are invited to TripMaster",
  body: (d) => (
    <Layout preview="Accept your invitation" heading="You are invited">
      <P>Someone invited {d.email} to plan trips with TripMaster.</P>
      <Action href={d.actionUrl}>Accept the invitation</Action>
    </Layout>
  ),
  sample: {
    actionUrl: "https://app.tripmaster.test/auth/confirm?token_hash=abc&type=invite",
    email: "ada@example.com",
  },
});

export const magicLink = defineTemplate({
  name: "magic_link",
  schema: link,
  subject: () => "Your TripMaster sign-in link",
  body: (d) => (
    <Layout preview="Sign in with one click" heading="Sign in to TripMaster">
      <P>Use this link to sign in. It works once and expires soon.</P>
      <Action href={d.actionUrl}>Sign in</Action>
      {d.code ? <Code code={d.code} /> : null}
      <P muted>If you did not ask to sign in, you can ignore this email.</P>
    </Layout>
  ),
  sample: {
    actionUrl: "https://app.tripmaster.test/auth/confirm?token_hash=abc&type=magiclink",
    code: "654321",
    email: "ada@example.com",
  },
});

export const passwordReset = defineTemplate({
  name: "password_reset",
  schema: link,
  subject: () => "Reset your TripMaster password",
  body: (d) => (
    <Layout preview="Choose a new password" heading="Reset your password">
      <P>We received a request to reset the password of {d.email}.</P>
      <Action href={d.actionUrl}>Choose a new password</Action>
      {d.code ? <P muted>Or enter this code: {d.code}</P> : null}
      <P muted>If you did not ask for this, your password stays as it is.</P>
    </Layout>
  ),
  sample: {
    actionUrl: "https://app.tripmaster.test/auth/confirm?token_hash=abc&type=recovery",
    code: "112233",
    email: "ada@example.com",
  },
});

export const emailChange = defineTemplate({
  name: "email_change",
  schema: link.extend({ oldEmail: z.email(), newEmail: z.email(), recipient: z.enum(["current", "new"]) }),
  subject: (d) =>
    d.recipient === "new" ? "Confirm your new email address" : "Confirm the change of your email address",
  body: (d) => (
    <Layout preview="Confirm your email change" heading="Confirm your email change">
      <P>
        {d.recipient === "new"
          ? `Confirm that ${d.newEmail} should become the email of your TripMaster account (now ${d.oldEmail}).`
          : `Someone asked to change the email of your TripMaster account from ${d.oldEmail} to ${d.newEmail}.`}
      </P>
      <Action href={d.actionUrl}>Confirm the change</Action>
      {d.code ? <P muted>Or enter this code: {d.code}</P> : null}
      <P muted>If you did not ask for this, do not confirm, and change your password.</P>
    </Layout>
  ),
  sample: {
    actionUrl: "https://app.tripmaster.test/auth/confirm?token_hash=abc&type=email_change",
    code: "445566",
    email: "ada@example.com",
    oldEmail: "ada@example.com",
    newEmail: "ada@new.example.com",
    recipient: "current",
  },
});

export const reauthentication = defineTemplate({
  name: "reauthentication",
  schema: z.object({ code: z.string().min(1).max(20), email: z.email() }),
  subject: () => "Your TripMaster confirmation code",
  body: (d) => (
    <Layout preview={`Your code is ${d.code}`} heading="Confirm it is you">
      <P>Enter this code to continue:</P>
      <Code code={d.code} />
      <P muted>If you did not ask for it, someone may know your password: change it.</P>
    </Layout>
  ),
  sample: { code: "778899", email: "ada@example.com" },
});

const NOTICES = {
  password_changed_notification: [
    "Your password was changed",
    "The password of your account was just changed.",
  ],
  email_changed_notification: [
    "Your email address was changed",
    "The email address of your account was changed.",
  ],
  phone_changed_notification: [
    "Your phone number was changed",
    "The phone number of your account was changed.",
  ],
  identity_linked_notification: [
    "A sign-in method was linked",
    "A new sign-in method was linked to your account.",
  ],
  identity_unlinked_notification: [
    "A sign-in method was removed",
    "A sign-in method was removed from your account.",
  ],
  mfa_factor_enrolled_notification: [
    "Two-factor authentication added",
    "A new two-factor method was added to your account.",
  ],
  mfa_factor_unenrolled_notification: [
    "Two-factor authentication removed",
    "A two-factor method was removed from your account.",
  ],
} as const;
export type SecurityNotice = keyof typeof NOTICES;
export const SECURITY_NOTICES = Object.keys(NOTICES) as SecurityNotice[];

export const securityNotification = defineTemplate({
  name: "security_notification",
  schema: z.object({
    notice: z.enum(SECURITY_NOTICES),
    email: z.email(),
    detail: z.string().max(200).optional(),
  }),
  subject: (d) => NOTICES[d.notice][0],
  body: (d) => (
    <Layout preview={NOTICES[d.notice][0]} heading={NOTICES[d.notice][0]}>
      <P>{NOTICES[d.notice][1]}{d.detail ? ` (${d.detail})` : ""}</P>
      <P muted>
        If this was you, there is nothing to do. If not, reset your password now and contact support.
      </P>
    </Layout>
  ),
  sample: { notice: "password_changed_notification", email: "ada@example.com" },
});
