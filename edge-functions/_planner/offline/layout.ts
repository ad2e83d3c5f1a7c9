// Day layouts: which slots a day gets, at what times, by pace and role (arrival and departure days are
// lighter; nights only at a packed pace and without children).
import type { GenerateRequest } from "../schema.ts";
import type { Slot } from "./catalog/schema.ts";

export type Role = "arrival" | "full" | "departure" | "single";
export interface SlotPlan {
  slot: Slot;
  times: string[];
  /** An afternoon slot starting around lunchtime, or late in the afternoon. */
  when?: "lunch" | "late";
}

const M = (times = ["09:00", "09:30", "10:00"]): SlotPlan => ({ slot: "morning", times });
const A1 = (times = ["13:00", "13:30", "14:00"]): SlotPlan => ({ slot: "afternoon", times, when: "lunch" });
const A2 = (times = ["16:30", "17:00"]): SlotPlan => ({ slot: "afternoon", times, when: "late" });
/** An afternoon slot that is neither lunch nor late afternoon (after check-in, before the journey home). */
const PM_SLOT = (times: string[]): SlotPlan => ({ slot: "afternoon", times });
const E = (withChildren: boolean, times?: string[]): SlotPlan => ({
  slot: "evening",
  times: times ?? (withChildren ? ["18:30", "19:00"] : ["19:00", "19:30", "20:00"]),
});
const N = (): SlotPlan => ({ slot: "night", times: ["21:45", "22:00", "22:30"] });

export function layout(
  pace: GenerateRequest["pace"],
  role: Role,
  withChildren: boolean,
  random: () => number,
): SlotPlan[] {
  const adultsOnly = !withChildren;
  switch (role) {
    case "arrival":
      if (pace === "packed") {
        return adultsOnly
          ? [PM_SLOT(["15:00", "15:30"]), E(false, ["19:30", "20:00"]), N()]
          : [PM_SLOT(["15:00", "15:30"]), A2(["17:00", "17:30"]), E(true)];
      }
      return [
        PM_SLOT(["15:00", "15:30", "16:00"]),
        E(withChildren, withChildren ? undefined : ["19:30", "20:00"]),
      ];
    case "departure":
      return pace === "packed"
        ? [M(["09:00", "09:30"]), A1(["12:00", "12:30"]), PM_SLOT(["14:30", "15:00"])]
        : [M(["09:30", "10:00"]), A1(["12:00", "12:30"])];
    case "single":
      if (pace === "relaxed") return [M(["10:00", "10:30"]), A1(["13:30", "14:00"]), E(withChildren)];
      if (pace === "packed") return [M(), A1(), A2(), E(withChildren)];
      return random() < 0.5 ? [M(), A1(), E(withChildren)] : [M(), A1(), A2(), E(withChildren)];
    case "full":
      if (pace === "relaxed") return [M(["10:00", "10:30"]), A1(["13:30", "14:00"]), E(withChildren)];
      if (pace === "packed") {
        return adultsOnly ? [M(), A1(), A2(), E(false), N()] : [M(), A1(), A2(), E(true)];
      }
      return random() < 0.5 ? [M(), A1(), E(withChildren)] : [M(), A1(), A2(), E(withChildren)];
  }
}
