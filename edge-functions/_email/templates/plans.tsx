import { z } from "zod";
import { defineTemplate } from "../define.ts";
import { Action, Layout, P, Rows } from "../layout.tsx";
import { userText } from "../user-text.ts";

export const planReady = defineTemplate({
  name: "plan_ready",
  schema: z.object({
    displayName: userText(80),
    title: userText(120),
    destination: userText(120),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    planUrl: z.url(),
  }),
  // Title and destination are the user's words: in the body only, never in the subject or preview.
  subject: () => "Your trip plan is ready",
  body: (d) => (
    <Layout preview="Your day-by-day plan is ready to open" heading="Your plan is ready">
      <P>Hi {d.displayName}, we finished planning {d.title}.</P>
      <Rows rows={[["Destination", d.destination], ["Dates", `${d.startDate} to ${d.endDate}`]]} />
      <Action href={d.planUrl}>Open my plan</Action>
    </Layout>
  ),
  sample: {
    displayName: "Ada",
    title: "Four days in Lisbon",
    destination: "Lisbon",
    startDate: "2027-04-10",
    endDate: "2027-04-13",
    planUrl: "https://app.tripmaster.test/plans/1",
  },
});
