import { describe, expect, it } from "vitest";
import {
  authEmails,
  EMAIL_ACTION_TYPES,
  type SendEmailHookPayload,
} from "../../edge-functions/_shared/email/auth-emails.ts";
import { renderEmail, TemplateError, TEMPLATES } from "../../edge-functions/_shared/email/catalog.ts";

const REQUIRED = [
  "welcome",
  "confirm_signup",
  "magic_link",
  "password_reset",
  "email_change",
  "reauthentication",
  "plan_ready",
  "booking_confirmation",
  "payment_receipt",
  "refund",
  "account_deletion_scheduled",
];

describe("templates", () => {
  it("cover every email PRODUCT.md lists", () => {
    for (const name of REQUIRED) expect(TEMPLATES, name).toHaveProperty(name);
  });

  it.each(Object.keys(TEMPLATES))(
    "%s renders HTML and a plain-text alternative from its sample",
    async (name) => {
      const { subject, html, text } = await renderEmail(name, TEMPLATES[name].sample);
      expect(subject.length).toBeGreaterThan(5);
      expect(html).toMatch(/^<!DOCTYPE html/i);
      expect(html).toContain("TripMaster");
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/<[a-z]+[^>]*>/i);
      expect(html + text).not.toMatch(/undefined|\[object Object\]|NaN/);
    },
  );

  it("puts the action link in both versions", async () => {
    const { html, text } = await renderEmail("password_reset", TEMPLATES.password_reset.sample);
    const url = (TEMPLATES.password_reset.sample as { actionUrl: string }).actionUrl;
    expect(html).toContain(url.replace(/&/g, "&amp;"));
    expect(text).toContain(url);
  });

  it("escapes data instead of injecting it", async () => {
    const { html } = await renderEmail("welcome", {
      displayName: "<script>alert(1)</script>",
      appUrl: "http://app.test",
    });
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("refuses unknown templates and invalid data", async () => {
    await expect(renderEmail("nope", {})).rejects.toBeInstanceOf(TemplateError);
    await expect(renderEmail("welcome", { displayName: "" })).rejects.toThrow(/invalid data for welcome/);
    await expect(
      renderEmail("payment_receipt", { ...TEMPLATES.payment_receipt.sample as object, currency: "euro" }),
    )
      .rejects.toThrow(/currency/);
  });

  it("formats money in the payment's currency", async () => {
    const { html } = await renderEmail("payment_receipt", TEMPLATES.payment_receipt.sample);
    expect(html).toContain("€9.00");
  });
});

const user = {
  id: "7b0d3f7e-3c1a-4f59-9e41-6a6c1b2f0a11",
  email: "ada@example.test",
  new_email: "ada@new.example.test",
  updated_at: "2026-11-23T05:00:00Z",
};
const payload = (action: string, extra: Record<string, string> = {}): SendEmailHookPayload => ({
  user,
  email_data: {
    token: "123456",
    token_hash: "hash-main",
    redirect_to: "http://127.0.0.1:3000/welcome",
    email_action_type: action as SendEmailHookPayload["email_data"]["email_action_type"],
    site_url: "http://127.0.0.1:3000",
    token_new: "654321",
    token_hash_new: "hash-new",
    ...extra,
  },
});

describe("auth emails from the hook payload", () => {
  it.each(EMAIL_ACTION_TYPES)("%s produces at least one email that renders", async (action) => {
    const emails = await authEmails(payload(action), "http://fallback.test");
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) await expect(renderEmail(e.template, e.data)).resolves.toHaveProperty("html");
  });

  it("links carry the token hash and the verifyOtp type, from the site URL", async () => {
    const [e] = await authEmails(payload("signup"), "http://fallback.test");
    const url = new URL(e.data.actionUrl as string);
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:3000/auth/confirm");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      token_hash: "hash-main",
      type: "signup",
      redirect_to: "http://127.0.0.1:3000/welcome",
    });
    expect(e).toMatchObject({ template: "confirm_signup", to: user.email, data: { code: "123456" } });
  });

  it("email_change with secure change sends both addresses their own link (Auth's token pairing)", async () => {
    const emails = await authEmails(payload("email_change"), "http://x.test");
    expect(
      emails.map((
        e,
      ) => [e.to, new URL(e.data.actionUrl as string).searchParams.get("token_hash"), e.data.code]),
    )
      .toEqual([
        [user.email, "hash-new", "123456"],
        [user.new_email, "hash-main", "654321"],
      ]);
  });

  it("email_change without secure change sends one email, to the new address", async () => {
    const emails = await authEmails(
      payload("email_change", { token_hash_new: "", token_new: "" }),
      "http://x.test",
    );
    expect(emails.map((e) => e.to)).toEqual([user.new_email]);
    expect(emails[0].data.code).toBe("123456");
  });

  it("keys dedupe on content: same content same key (Auth retries), new token new key", async () => {
    const a = await authEmails(payload("recovery"), "http://x.test");
    const b = await authEmails(payload("recovery"), "http://x.test");
    const c = await authEmails(payload("recovery", { token_hash: "another" }), "http://x.test");
    expect(a[0].dedupeKey).toBe(b[0].dedupeKey);
    expect(c[0].dedupeKey).not.toBe(a[0].dedupeKey);
    expect(a[0].dedupeKey).not.toContain("hash-main");
  });

  it("reauthentication sends the code only", async () => {
    const [e] = await authEmails(payload("reauthentication"), "http://x.test");
    expect(e).toMatchObject({ template: "reauthentication", data: { code: "123456" } });
    expect(e.data).not.toHaveProperty("actionUrl");
  });
});
