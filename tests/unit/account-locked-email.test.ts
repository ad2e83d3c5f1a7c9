import { describe, expect, it } from "vitest";
import { renderEmail, TEMPLATES } from "../../edge-functions/_email/catalog.ts";
import { unlockUrl } from "../../edge-functions/_email/templates/sign-in.tsx";

// What private.lock_sign_in queues, plus the appUrl the sender adds from SITE_URL.
const data = {
  unlockToken: "k3J9x_Qp2vYb-7TzW0aLmN4cD8eF1gH6iJ5kL2mN3oP",
  lockedUntil: "2026-11-30T05:00:00+00:00",
  allSources: false,
  appUrl: "https://app.tripmaster.test/",
};

describe("account_locked email", () => {
  it("is in the catalog", () => {
    expect(TEMPLATES).toHaveProperty("account_locked");
  });

  it("carries the unlock link in HTML and plain text, the token in the fragment (never sent to a server)", async () => {
    const { subject, html, text } = await renderEmail("account_locked", data);
    const url =
      "https://app.tripmaster.test/account/unlock#token=k3J9x_Qp2vYb-7TzW0aLmN4cD8eF1gH6iJ5kL2mN3oP";
    expect(unlockUrl(data.appUrl, data.unlockToken)).toBe(url);
    expect(subject).toMatch(/paused/);
    expect(html).toContain(`href="${url}"`);
    expect(text).toContain(url);
    expect(text).toMatch(/still signed in/);
  });

  it("says which sources are paused", async () => {
    const one = await renderEmail("account_locked", data);
    const all = await renderEmail("account_locked", { ...data, allSources: true });
    expect(one.text).toMatch(/from that place/);
    expect(all.text).toMatch(/from new devices/);
  });

  it("refuses data that is not a token it issued", async () => {
    await expect(renderEmail("account_locked", { ...data, unlockToken: "<script>" })).rejects.toThrow(
      /unlockToken/,
    );
  });
});
