import { z } from "zod";
import { defineTemplate } from "../define.ts";
import { Action, Layout, P } from "../layout.tsx";

/** The app page that posts the token to the account-unlock function. The token rides in the fragment, so it
 * never reaches a server log or a Referer header. */
export function unlockUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/account/unlock#token=${encodeURIComponent(token)}`;
}

export const accountLocked = defineTemplate({
  name: "account_locked",
  schema: z.object({
    appUrl: z.url(),
    unlockToken: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
    lockedUntil: z.string().min(1),
    /** true: every source that is not a known device (many sources failed); false: one source. */
    allSources: z.boolean(),
  }),
  subject: () => "Sign-in to your TripMaster account was paused",
  body: (d) => (
    <Layout
      preview="Too many wrong passwords: sign-in was paused"
      heading="We paused sign-in with a password"
    >
      <P>
        Someone entered a wrong password for your account several times{d.allSources
          ? " from many places"
          : ""}. To protect it, password sign-in {d.allSources ? "from new devices" : "from that place"}{" "}
        is paused until {new Date(d.lockedUntil).toUTCString()}.
      </P>
      <P>
        You are still signed in wherever you were, and a device you signed in with before keeps working. If
        this was you and you want to sign in now, use this link (it works once, for a short time):
      </P>
      <Action href={unlockUrl(d.appUrl, d.unlockToken)}>Unlock sign-in</Action>
      <P muted>
        If this was not you, there is nothing to do: your password was not accepted. If you think someone
        knows it, change it after signing in.
      </P>
    </Layout>
  ),
  sample: {
    appUrl: "https://app.tripmaster.test",
    unlockToken: "k3J9x_Qp2vYb-7TzW0aLmN4cD8eF1gH6iJ5kL2mN3oP",
    lockedUntil: "2026-11-30T05:00:00Z",
    allSources: false,
  },
});
