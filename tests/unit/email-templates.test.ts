import { describe, expect, it } from "vitest";
import {
  allowedRedirect,
  authEmails,
  EMAIL_ACTION_TYPES,
  type SendEmailHookPayload,
} from "../../edge-functions/_email/auth-emails.ts";
import { renderEmail, TemplateError, TEMPLATES } from "../../edge-functions/_email/catalog.ts";
import { plainText } from "../../edge-functions/_email/user-text.ts";

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

  it("keeps user-chosen text out of subjects, headings and previews, flat and bounded", async () => {
    const hostile = "Security team\r\nBcc: victim@example.test\n\nYOUR ACCOUNT IS BLOCKED " + "x".repeat(200);
    for (
      const [name, data] of [
        ["welcome", { displayName: hostile, appUrl: "http://app.test" }],
        ["plan_ready", {
          ...TEMPLATES.plan_ready.sample as object,
          displayName: hostile,
          title: hostile,
          destination: hostile,
        }],
        ["account_deletion_scheduled", {
          displayName: hostile,
          purgeAfter: "2026-12-23T05:00:00Z",
          appUrl: "http://app.test",
        }],
      ] as const
    ) {
      const { subject, html, text } = await renderEmail(name, data);
      expect(subject, name).not.toMatch(/Security team|Bcc|[\r\n]/);
      const heading = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? "";
      expect(heading, name).not.toContain("Security team");
      const preview = html.match(/<div[^>]*display:none[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? "";
      expect(preview, name).not.toContain("Security team");
      // In the body: one plain line, cut to length.
      expect(text, name).toContain("Security team Bcc: victim@example.test YOUR ACCOUNT IS BLOCKED");
      expect(text, name).not.toContain("x".repeat(100));
    }
  });

  it("flattens control characters, bidi overrides and line breaks in user text", () => {
    expect(plainText("a\r\nb\u202Ec\u0000d\u2028e  f", 80)).toBe("a b c d e f");
    expect(plainText("é".repeat(100), 10)).toBe("é".repeat(9) + "…");
  });

  it("never lets CR/LF reach a subject, whatever a template builds", async () => {
    const { subject } = await renderEmail("booking_confirmation", {
      ...TEMPLATES.booking_confirmation.sample as object,
      description: "Tour\r\nBcc: x@example.test",
    });
    expect(subject).toBe("Booking confirmed: Tour Bcc: x@example.test");
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

const LINKS = { siteUrl: "http://127.0.0.1:3000", redirectUrls: ["https://staging.app.example.test/app"] };

describe("auth emails from the hook payload", () => {
  it.each(EMAIL_ACTION_TYPES)("%s produces at least one email that renders", async (action) => {
    const emails = await authEmails(payload(action), LINKS);
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) await expect(renderEmail(e.template, e.data)).resolves.toHaveProperty("html");
  });

  it("links carry the token hash and the verifyOtp type, from the site URL", async () => {
    const [e] = await authEmails(payload("signup"), LINKS);
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
    const emails = await authEmails(payload("email_change"), LINKS);
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
      LINKS,
    );
    expect(emails.map((e) => e.to)).toEqual([user.new_email]);
    expect(emails[0].data.code).toBe("123456");
  });

  it("keys dedupe on content: same content same key (Auth retries), new token new key", async () => {
    const a = await authEmails(payload("recovery"), LINKS);
    const b = await authEmails(payload("recovery"), LINKS);
    const c = await authEmails(payload("recovery", { token_hash: "another" }), LINKS);
    expect(a[0].dedupeKey).toBe(b[0].dedupeKey);
    expect(c[0].dedupeKey).not.toBe(a[0].dedupeKey);
    expect(a[0].dedupeKey).not.toContain("hash-main");
  });

  it("reauthentication sends the code only", async () => {
    const [e] = await authEmails(payload("reauthentication"), LINKS);
    expect(e).toMatchObject({ template: "reauthentication", data: { code: "123456" } });
    expect(e.data).not.toHaveProperty("actionUrl");
  });

  it("links lead to the app's SITE_URL, not to Auth's API URL that hosted Auth puts in site_url", async () => {
    // As hosted Auth fills the payload: site_url is https://<ref>.supabase.co/auth/v1.
    const hosted = payload("signup", {
      site_url: "https://abcdefghijklmnopqrst.supabase.co/auth/v1",
      redirect_to: "https://app.example.com/trips",
    });
    const [e] = await authEmails(hosted, { siteUrl: "https://app.example.com" });
    const url = new URL(e.data.actionUrl as string);
    expect(url.origin + url.pathname).toBe("https://app.example.com/auth/confirm");
    expect(url.searchParams.get("redirect_to")).toBe("https://app.example.com/trips");
    // A site URL with a path keeps it.
    const [f] = await authEmails(hosted, { siteUrl: "https://example.com/planner/" });
    expect(new URL(f.data.actionUrl as string).pathname).toBe("/planner/auth/confirm");
  });

  it("keeps redirect_to only when it points into the app", async () => {
    const cases: [string, string][] = [
      ["http://127.0.0.1:3000/welcome", "http://127.0.0.1:3000/welcome"],
      ["https://staging.app.example.test/app/next", "https://staging.app.example.test/app/next"],
      ["https://staging.app.example.test/application", ""],
      ["https://evil.example/phish", ""],
      ["http://127.0.0.1:3000.evil.example/", ""],
      ["http://user:pw@127.0.0.1:3000/", ""],
      ["javascript:alert(1)", ""],
      ["not a url", ""],
    ];
    for (const [input, expected] of cases) expect(allowedRedirect(input, LINKS), input).toBe(expected);
    const [e] = await authEmails(payload("recovery", { redirect_to: "https://evil.example/phish" }), LINKS);
    expect(new URL(e.data.actionUrl as string).searchParams.has("redirect_to")).toBe(false);
  });
});
