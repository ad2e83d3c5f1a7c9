import { z } from "zod";
import { defineTemplate } from "../define.ts";
import { Action, Layout, P } from "../layout.tsx";
import { userText } from "../user-text.ts";

export const welcome = defineTemplate({
  name: "welcome",
  schema: z.object({ displayName: userText(80), appUrl: z.url() }),
  subject: () => "Welcome to TripMaster",
  // The display name is the user's own words: body text only, never the heading.
  body: (d) => (
    <Layout preview="Plan your first trip in a minute" heading="Welcome to TripMaster">
      <P>Hi {d.displayName},</P>
      <P>
        Tell us where you want to go, when, and what you love: TripMaster drafts a day-by-day plan you can
        edit and share.
      </P>
      <Action href={d.appUrl}>Plan my first trip</Action>
    </Layout>
  ),
  sample: { displayName: "Ada", appUrl: "https://app.tripmaster.test" },
});

export const accountDeletionScheduled = defineTemplate({
  name: "account_deletion_scheduled",
  schema: z.object({
    displayName: userText(80),
    purgeAfter: z.string().min(1),
    appUrl: z.url(),
    // Single-use token of the cancel link (rows queued before the link existed have none).
    cancelToken: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/).optional(),
  }),
  subject: () => "Your TripMaster account will be deleted",
  body: (d) => (
    <Layout preview="Your account is scheduled for deletion" heading="Your account will be deleted">
      <P>
        Hi{" "}
        {d.displayName}, as you asked, your account and your trips are now hidden, and everything will be
        erased on {new Date(d.purgeAfter).toUTCString().slice(0, 16)}.
      </P>
      {d.cancelToken
        ? (
          <>
            <P>
              Changed your mind? Keep your account with this link, any time before that date (it works once):
            </P>
            <Action href={`${d.appUrl.replace(/\/+$/, "")}/account/cancel-deletion?token=${d.cancelToken}`}>
              Keep my account
            </Action>
          </>
        )
        : <P muted>Changed your mind? Contact support before that date.</P>}
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    purgeAfter: "2026-12-23T05:00:00Z",
    appUrl: "https://app.tripmaster.test",
    cancelToken: "sample-cancel-token-0123456789abcdef",
  },
});
