import { z } from "zod";
import { defineTemplate } from "../define.ts";
import { Action, Layout, P, Rows } from "../layout.tsx";

export const planReady = defineTemplate({
  name: "plan_ready",
  schema: z.object({
    displayName: z.string().min(1).max(80),
    title: z.string().min(1).max(200),
    destination: z.string().min(1).max(200),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    planUrl: z.url(),
  }),
  subject: (d) => `Your trip to ${d.destination} is ready`,
  body: (d) => (
    <Layout preview={`${d.title}: your plan is ready`} heading="Your plan is ready">
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
